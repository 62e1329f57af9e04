#!/usr/bin/env python3
"""Small FTP load and measurement tools for the FtpLite benchmark (Python 3 stdlib only).

Subcommands (each prints one JSON object on stdout):

  concurrency  In the manner of pyftpdlib's ftpbench: N clients at once (one thread each, ftplib, 8 KiB
               buffers). Times three phases, each started for all clients at the same instant:
               connect + log in, RETR of one file, STOR of a file of the same size. Checks the bytes.
  memory       Resident memory of a server process tree with no clients (after one warm-up session) and
               with N idle logged-in clients; reports the difference per connection.
  mlsd         Connect, log in, MLSD one directory, QUIT; counts the entries.
  mkfiles      Creates COUNT files of SIZE bytes in a folder (setup helper).

Only loopback addresses are accepted as targets.
"""
import argparse
import ftplib
import ipaddress
import json
import os
import socket
import sys
import threading
import time

BLOCK = 8192  # ftpbench's buffer size


def loopback(host):
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"refusing non-loopback host {host}")
    return host


class Retries:
    """Counts connections that were given up and opened again (thread-safe)."""

    def __init__(self):
        self.count = 0
        self._lock = threading.Lock()

    def add(self):
        with self._lock:
            self.count += 1


def connect(args, retries=None):
    """Connects and logs in. A connection whose greeting does not come within --greeting-timeout is closed and
    opened again (up to --connect-attempts times): when a burst of connections overflows a server's listen
    backlog, Linux's SYN cookies can complete connections the server never accepts, and the client, which
    waits for the server to speak first, would otherwise hang."""
    for attempt in range(args.connect_attempts):
        ftp = ftplib.FTP()
        try:
            ftp.connect(args.host, args.port, timeout=args.greeting_timeout)
        except (TimeoutError, socket.timeout):
            ftp.close()
            if retries is not None:
                retries.add()
            continue
        ftp.timeout = args.timeout  # data connections
        ftp.sock.settimeout(args.timeout)
        ftp.login(args.user, args.password)
        return ftp
    raise TimeoutError(f"no greeting in {args.connect_attempts} attempts of {args.greeting_timeout} s")


# --------------------------------------------------------------------------------------------- concurrency

class Payload:
    """A read-only file over shared bytes: every client uploads the same block without a copy of its own."""

    def __init__(self, data):
        self._view = memoryview(data)
        self._pos = 0

    def read(self, size=-1):
        end = len(self._view) if size is None or size < 0 else self._pos + size
        chunk = self._view[self._pos:end]
        self._pos += len(chunk)
        return chunk


def cmd_concurrency(args):
    n = args.clients
    payload = os.urandom(args.size) if args.size <= 64 * 1024 * 1024 else None
    if payload is None:
        raise SystemExit("--size too large for an in-memory STOR payload")
    clients = [None] * n
    retries = Retries()
    errors = []
    errors_lock = threading.Lock()
    received = [0] * n
    ends = {"login": [None] * n, "retr": [None] * n, "stor": [None] * n}
    phases = ["login", "retr", "stor"]
    # One barrier per phase start (all workers + the main thread) and one per phase end.
    starts = {p: threading.Barrier(n + 1) for p in phases}
    done = {p: threading.Barrier(n + 1) for p in phases}

    def fail(i, phase, exc):
        with errors_lock:
            errors.append(f"client {i} {phase}: {type(exc).__name__}: {exc}")

    def worker(i):
        ftp = None
        for phase in phases:
            try:
                starts[phase].wait(timeout=args.phase_timeout)
            except threading.BrokenBarrierError:
                return
            try:
                if phase == "login":
                    ftp = connect(args, retries)
                    ends[phase][i] = time.perf_counter()
                elif ftp is not None and phase == "retr":
                    def sink(chunk, i=i):
                        received[i] += len(chunk)
                    ftp.retrbinary(f"RETR {args.retr}", sink, blocksize=BLOCK)
                    ends[phase][i] = time.perf_counter()
                elif ftp is not None and phase == "stor":
                    ftp.storbinary(f"STOR {args.stor_dir.rstrip('/')}/c{i:04d}.bin", Payload(payload), blocksize=BLOCK)
                    ends[phase][i] = time.perf_counter()
            except Exception as exc:  # noqa: BLE001 - every failure is reported
                fail(i, phase, exc)
            try:
                done[phase].wait(timeout=args.phase_timeout)
            except threading.BrokenBarrierError:
                return
        clients[i] = ftp

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    result = {"clients": n, "size": args.size, "greeting_timeout": args.greeting_timeout}
    for phase in phases:
        try:
            starts[phase].wait(timeout=args.phase_timeout)
            t0 = time.perf_counter()
            done[phase].wait(timeout=args.phase_timeout)
        except threading.BrokenBarrierError:
            errors.append(f"{phase}: phase did not finish within {args.phase_timeout} s")
            for b in list(starts.values()) + list(done.values()):
                b.abort()
            break
        finished = [e for e in ends[phase] if e is not None]
        result[f"{phase}_s"] = (max(finished) - t0) if finished else None
        result[f"{phase}_ok"] = len(finished)
    for t in threads:
        t.join(timeout=5)
    for ftp in clients:
        if ftp is not None:
            try:
                ftp.quit()
            except Exception:  # noqa: BLE001
                ftp.close()
    result["login_retries"] = retries.count
    short = [i for i in range(n) if received[i] != args.retr_size]
    if short and "retr_s" in result:
        errors.append(f"{len(short)} RETR(s) got the wrong byte count (client {short[0]}: {received[short[0]]} of {args.retr_size})")
    if args.verify_dir and "stor_s" in result:
        deadline = time.time() + 3
        while True:
            bad = []
            for i in range(n):
                p = os.path.join(args.verify_dir, f"c{i:04d}.bin")
                if not os.path.isfile(p) or os.path.getsize(p) != args.size:
                    bad.append(p)
            if not bad or time.time() > deadline:
                break
            time.sleep(0.1)
        if bad:
            errors.append(f"{len(bad)} STOR(s) missing or of the wrong size on the server (e.g. {bad[0]})")
        elif args.check_content:
            with open(os.path.join(args.verify_dir, "c0000.bin"), "rb") as f:
                if f.read() != payload:
                    errors.append("STOR content differs from what was sent (c0000.bin)")
    result["errors"] = errors[:20]
    result["error_count"] = len(errors)
    return result


# ---------------------------------------------------------------------------------------------- memory

def proc_children():
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(name))
    return children


def tree(pid):
    children = proc_children()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def status_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(pid):
    pids = tree(pid)
    return {
        "processes": len(pids),
        "rss_kib": sum(status_kib(p, "VmRSS") for p in pids),
        "pss_kib": sum(pss_kib(p) for p in pids),
    }


def open_idle(args, errors):
    """args.clients logged-in connections, opened a few at a time, each having sent a NOOP since logging in."""
    conns = []
    lock = threading.Lock()

    def open_some(count):
        for _ in range(count):
            try:
                c = connect(args)
                with lock:
                    conns.append(c)
            except Exception as exc:  # noqa: BLE001
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")

    # A few at a time: the figure is about idle connections, not about a burst.
    workers = 8
    share = [args.clients // workers + (1 if i < args.clients % workers else 0) for i in range(workers)]
    threads = [threading.Thread(target=open_some, args=(s,)) for s in share]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in conns:  # every session has done something since logging in
        try:
            c.voidcmd("NOOP")
        except Exception as exc:  # noqa: BLE001
            errors.append(f"NOOP: {exc}")
    return conns


def cmd_memory(args):
    # One warm-up session, so code paths that run once (JIT, imports, PAM modules) are not counted per connection.
    ftp = connect(args)
    ftp.voidcmd("NOOP")
    ftp.quit()
    time.sleep(args.settle)
    errors = []
    rounds = []
    for _ in range(args.repeat):
        # Round 1 is the row (a fresh server). Further rounds open the same number of connections again on the same
        # server once the first ones are gone: what the server's one-off costs of its first sessions leave out (a
        # tiered JIT compiles a hot method again after its 30th call; the first sessions touch fresh heap pages).
        idle = measure(args.pid)
        conns = open_idle(args, errors)
        time.sleep(args.settle)
        loaded = measure(args.pid)
        n = len(conns)
        for c in conns:
            try:
                c.quit()
            except Exception:  # noqa: BLE001
                c.close()
        if n != args.clients:
            errors.insert(0, f"only {n} of {args.clients} clients logged in")
        rounds.append({"clients": n, "idle": idle, "loaded": loaded,
                       "rss_per_conn_kib": (loaded["rss_kib"] - idle["rss_kib"]) / n if n else None,
                       "pss_per_conn_kib": (loaded["pss_kib"] - idle["pss_kib"]) / n if n else None})
        time.sleep(args.settle)
    result = dict(rounds[0])
    result["errors"], result["error_count"] = errors[:20], len(errors)
    if args.repeat > 1:
        result["rounds"] = rounds
    return result


# ------------------------------------------------------------------------------------------------ mlsd

def cmd_mlsd(args):
    lines = []
    t0 = time.perf_counter()
    ftp = connect(args)
    ftp.retrlines(f"MLSD {args.dir}", lines.append)
    ftp.quit()
    seconds = time.perf_counter() - t0
    entries = [l for l in lines if "type=cdir" not in l.lower() and "type=pdir" not in l.lower()]
    return {"seconds": seconds, "count": len(entries)}


def cmd_mkfiles(args):
    os.makedirs(args.dir, exist_ok=True)
    block = os.urandom(args.size) if args.size else b""
    for i in range(args.count):
        with open(os.path.join(args.dir, f"{args.prefix}{i:05d}.bin"), "wb") as f:
            f.write(block)
    return {"created": args.count}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    def common(sp):
        sp.add_argument("--host", default="127.0.0.1", type=loopback)
        sp.add_argument("--port", type=int, required=True)
        sp.add_argument("--user", default="anonymous")
        sp.add_argument("--password", default="bench@")
        sp.add_argument("--timeout", type=float, default=60.0, help="socket timeout in seconds")
        sp.add_argument("--greeting-timeout", type=float, default=3.0, help="give up on a silent connection after this")
        sp.add_argument("--connect-attempts", type=int, default=5)

    c = sub.add_parser("concurrency")
    common(c)
    c.add_argument("--clients", type=int, default=200)
    c.add_argument("--retr", required=True, help="remote file every client downloads")
    c.add_argument("--retr-size", type=int, required=True, help="its expected size")
    c.add_argument("--size", type=int, required=True, help="bytes each client uploads")
    c.add_argument("--stor-dir", required=True, help="remote folder the uploads go to")
    c.add_argument("--verify-dir", help="local path of that folder, to check the uploads")
    c.add_argument("--check-content", action="store_true")
    c.add_argument("--phase-timeout", type=float, default=300.0)

    m = sub.add_parser("memory")
    common(m)
    m.add_argument("--clients", type=int, default=200)
    m.add_argument("--pid", type=int, required=True, help="server process (its descendants count too)")
    m.add_argument("--settle", type=float, default=1.0)
    m.add_argument("--repeat", type=int, default=1, help="rounds of --clients connections on the same server (the first is the row)")

    l = sub.add_parser("mlsd")
    common(l)
    l.add_argument("--dir", required=True)

    k = sub.add_parser("mkfiles")
    k.add_argument("dir")
    k.add_argument("count", type=int)
    k.add_argument("size", type=int)
    k.add_argument("--prefix", default="f")

    args = p.parse_args()
    handler = {"concurrency": cmd_concurrency, "memory": cmd_memory, "mlsd": cmd_mlsd, "mkfiles": cmd_mkfiles}[args.cmd]
    try:
        result = handler(args)
    except Exception as exc:  # noqa: BLE001 - reported as JSON so the harness can show it
        result = {"errors": [f"{type(exc).__name__}: {exc}"], "error_count": 1}
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 1 if result.get("error_count") else 0


if __name__ == "__main__":
    sys.exit(main())

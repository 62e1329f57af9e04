#!/usr/bin/env python3
"""Issue 18's server rows, FtpLite and pyftpdlib side by side, with load-robust measures next to the clock.

For each round the two servers take turns (the order flips every round), each freshly started:

  memory  the bench's row 7 (bench/ftpbench.py memory): VmRSS per idle logged-in connection on a fresh server,
          and "again": the same number of connections opened once more after the first ones closed, on the same
          server (one-off costs of a fresh process left out: a tiered JIT's second compilation, fresh heap pages).
  login   N clients connect and log in at the same instant (ftpbench.py's login phase).
  retr    the same N clients RETR one file at once.
  stor    the same N clients STOR a file of the same size at once.
          login/retr/stor run as one round on the fresh server: that is rows 6a-c, the official figure ("fresh").
          Then (--transfer-repeat 2, the default) the clients quit, the uploads are checked and removed, and the
          same round runs once more on the same running server: "again", what a server that has been up for a
          while does (no first-use JIT, tiering done or under way). Every server gets the same second round.

Next to each phase's wall time it prints the server's CPU time (user + sys of its process tree, from
/proc/<pid>/stat), which other engineers' load changes far less than the clock, and its thread count.
--jit-summary adds, for FtpLite servers, the number of methods the JIT compiled in each phase (the runtime's
DOTNET_JitDisasmSummary list, read at each phase's edges), and how many of those were tier-1 recompilations.
Medians over the rounds at the end, with the load average at the start and end.

  python3 bench/ServerRows.py --module out/FtpLite/FtpLite.psd1 --rounds 3 [--clients 200] [--size 10485760]
  python3 bench/ServerRows.py --module out/FtpLite/FtpLite.psd1 --servers ftplite@/tmp/before/FtpLite.psd1,ftplite --rows memory
  python3 bench/ServerRows.py --module out/FtpLite/FtpLite.psd1 --rows transfers --rounds 5 --jit-summary

Loopback only; the peer user of tests/peers/peer-user.sh; needs pyftpdlib (tests/peers/install.sh).
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftpbench  # noqa: E402  (connect, Payload, memory: the bench's own clients)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PEERS = os.path.join(REPO, "tests", "peers")
TICK = os.sysconf("SC_CLK_TCK")


def peer_login():
    values = {}
    with open(os.path.join(PEERS, "peer-user.sh")) as f:
        for line in f:
            if "=" in line and not line.startswith("#"):
                k, v = line.strip().split("=", 1)
                values[k] = v.strip("'\"")
    return values["FTPLITE_PEER_USER"], values["FTPLITE_PEER_PASSWORD"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    total = 0
    for p in ftpbench.tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total / TICK


def threads(pid):
    return sum(ftpbench.status_kib(p, "Threads") for p in ftpbench.tree(pid))


JIT_TIER = re.compile(r"\[([^,\]]*)(?:,[^\]]*)?\]\s*$")


def jit_counts(path):
    """Methods compiled so far, and how many of them at tier 1 (a hot method compiled again), from the runtime's
    DOTNET_JitDisasmSummary list (one line per compilation, "... [Tier1, IL size=..., code size=...]")."""
    if not path:
        return None
    total = tier1 = 0
    try:
        with open(path, errors="replace") as f:
            for line in f:
                m = JIT_TIER.search(line)
                if m:
                    total += 1
                    tier1 += "Tier1" in m.group(1)
    except OSError:
        pass
    return total, tier1


def start_server(name, root, port, user, password, module, env_extra):
    log = open(os.path.join(root, "..", f"{os.path.basename(root)}-{port}.log"), "w")
    env = dict(os.environ, **env_extra)
    if name.startswith("ftplite"):
        module = name.split("@", 1)[1] if "@" in name else module
        quote = lambda s: "'" + s.replace("'", "''") + "'"  # noqa: E731
        cred = f"([pscredential]::new({quote(user)}, (ConvertTo-SecureString {quote(password)} -AsPlainText -Force)))"
        # The bench's 200 clients all come from 127.0.0.1: FtpLite's defence against log-in floods from one address
        # (64 pending log-ins) would refuse a third of them, and pyftpdlib has no such limit by default.
        script = (f"Import-Module {quote(module)}; Start-FtpLiteServer -Root {quote(root)} -Address 127.0.0.1 -Port {port} "
                  f"-Credential {cred} -MaxPendingLoginsPerIP 256 -Wait")
        pwsh_dll = subprocess.run(["dotnet", "pwsh", "-NoProfile", "-c", "Join-Path $PSHOME pwsh.dll"], cwd=REPO,
                                  capture_output=True, text=True, check=True).stdout.strip()
        cmd = ["dotnet", pwsh_dll, "-NoProfile", "-NonInteractive", "-Command", script]
    else:
        cmd = ["/bin/bash", os.path.join(PEERS, "start-pyftpdlib.sh"), root, str(port)]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=REPO)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                if s.recv(100).startswith(b"220"):
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{name} did not start (see {log.name})")


def stop_server(proc):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Args:
    pass


def run_phases(port, pid, user, password, clients, retr, retr_size, size, stor_dir, verify_dir, jit_file=None):
    """ftpbench.py concurrency's three phases, with the server's CPU time and threads taken at each phase's edges."""
    a = Args()
    a.host, a.port, a.user, a.password = "127.0.0.1", port, user, password
    a.timeout, a.greeting_timeout, a.connect_attempts = 120.0, 3.0, 5
    payload = os.urandom(size)
    phases = ["login", "retr", "stor"]
    starts = {p: threading.Barrier(clients + 1) for p in phases}
    done = {p: threading.Barrier(clients + 1) for p in phases}
    ends = {p: [None] * clients for p in phases}
    received = [0] * clients
    errors = []
    conns = [None] * clients
    retries = ftpbench.Retries()

    def worker(i):
        ftp = None
        for phase in phases:
            starts[phase].wait(timeout=600)
            try:
                if phase == "login":
                    ftp = ftpbench.connect(a, retries)
                elif phase == "retr":
                    def sink(chunk, i=i):
                        received[i] += len(chunk)
                    ftp.retrbinary(f"RETR {retr}", sink, blocksize=ftpbench.BLOCK)
                else:
                    ftp.storbinary(f"STOR {stor_dir}/c{i:04d}.bin", ftpbench.Payload(payload), blocksize=ftpbench.BLOCK)
                ends[phase][i] = time.perf_counter()
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{i} {phase}: {exc!r}")
            done[phase].wait(timeout=600)
        conns[i] = ftp

    ts = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in ts:
        t.start()
    out = {}
    for phase in phases:
        cpu0 = cpu_seconds(pid)
        jit0 = jit_counts(jit_file)
        starts[phase].wait(timeout=600)
        t0 = time.perf_counter()
        peak = [0]
        stop = threading.Event()

        def sample():
            while not stop.wait(0.05):
                peak[0] = max(peak[0], threads(pid))
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        done[phase].wait(timeout=600)
        stop.set()
        sampler.join()
        finished = [e for e in ends[phase] if e is not None]
        out[phase] = {"s": (max(finished) - t0) if finished else None, "ok": len(finished),
                      "cpu_s": cpu_seconds(pid) - cpu0, "threads_peak": peak[0]}
        if jit0 is not None:
            jit1 = jit_counts(jit_file)
            out[phase]["jit"], out[phase]["jit_tier1"] = jit1[0] - jit0[0], jit1[1] - jit0[1]
    for t in ts:
        t.join(timeout=5)
    for ftp in conns:
        if ftp is not None:
            try:
                ftp.quit()
            except Exception:  # noqa: BLE001
                ftp.close()
    short = sum(1 for r in received if r != retr_size)
    if short:
        errors.append(f"{short} RETRs short")
    bad = [i for i in range(clients) if os.path.getsize(os.path.join(verify_dir, f"c{i:04d}.bin")) != size] \
        if all(os.path.exists(os.path.join(verify_dir, f"c{i:04d}.bin")) for i in range(clients)) else ["missing"]
    if bad:
        errors.append(f"{len(bad)} STORs wrong or missing")
    out["errors"] = errors[:5]
    out["login_retries"] = retries.count
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--module", required=True, help="FtpLite.psd1 of the build to measure")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--size", type=int, default=10 * 1024 * 1024)
    p.add_argument("--servers", default="ftplite,pyftpdlib",
                   help="taking turns; ftplite@PATH.psd1 is FtpLite from another build, to compare two builds side by side")
    p.add_argument("--rows", default="memory,transfers")
    p.add_argument("--memory-repeat", type=int, default=2,
                   help="memory row: rounds of --clients connections on one server; the first is row 7 (a fresh server), "
                        "the last (\"again\") leaves out the one-off costs of a server's first sessions (JIT tiering, fresh heap pages)")
    p.add_argument("--transfer-repeat", type=int, default=2,
                   help="transfer rows: rounds of login/RETR/STOR on one server; the first is rows 6a-c (a fresh server, the "
                        "official figure), the last (\"again\") the same round on the same server, already running")
    p.add_argument("--settle", type=float, default=1.0, help="seconds between the transfer rounds on one server")
    p.add_argument("--jit-summary", action="store_true",
                   help="FtpLite servers only: count the methods the JIT compiles in each phase (DOTNET_JitDisasmSummary)")
    p.add_argument("--ftplite-env", default="", help="NAME=VALUE,... for the FtpLite server process only")
    args = p.parse_args()
    user, password = peer_login()
    module = os.path.abspath(args.module)
    extra = dict(kv.split("=", 1) for kv in args.ftplite_env.split(",") if kv)
    names = args.servers.split(",")
    rows = args.rows.split(",")
    work = tempfile.mkdtemp(prefix="serverrows-")
    load0 = open("/proc/loadavg").read().split()[:3]
    results = {n: [] for n in names}
    try:
        for rnd in range(args.rounds):
            order = names if rnd % 2 == 0 else list(reversed(names))
            for name in order:
                root = os.path.join(work, "".join(c if c.isalnum() else "_" for c in name))
                shutil.rmtree(root, ignore_errors=True)
                os.makedirs(os.path.join(root, "up"))
                with open(os.path.join(root, "conc.bin"), "wb") as f:
                    f.write(os.urandom(args.size))
                subprocess.run(["chown", "-R", user, root], check=False)
                port = free_port()
                env = dict(extra) if name.startswith("ftplite") else {}
                jit_file = None
                if args.jit_summary and name.startswith("ftplite"):
                    jit_file = root + "-jit.txt"
                    env.update(DOTNET_JitDisasmSummary="1", DOTNET_JitStdOutFile=jit_file)
                proc = start_server(name, root, port, user, password, module, env)
                pid = proc.pid
                r = {"round": rnd + 1, "load": open("/proc/loadavg").read().split()[0]}
                try:
                    if "memory" in rows:
                        m = subprocess.run([sys.executable, os.path.join(HERE, "ftpbench.py"), "memory", "--port", str(port),
                                            "--clients", str(args.clients), "--pid", str(pid), "--settle", "1.0",
                                            "--repeat", str(args.memory_repeat),
                                            "--user", user, "--password", password], capture_output=True, text=True)
                        mj = json.loads(m.stdout)
                        r["rss_kib_per_conn"] = mj.get("rss_per_conn_kib")
                        if len(mj.get("rounds", [])) > 1:
                            r["rss_kib_per_conn_again"] = mj["rounds"][-1]["rss_per_conn_kib"]
                        r["memory_errors"] = mj.get("errors")
                    if "transfers" in rows:
                        up = os.path.join(root, "up")
                        for again in range(args.transfer_repeat):
                            if again:
                                # The same round once more on the same server: the first round's uploads go (checked
                                # already), so the STORs write new files again, as in the first round.
                                for f in os.listdir(up):
                                    os.remove(os.path.join(up, f))
                                time.sleep(args.settle)
                            t = run_phases(port, pid, user, password, args.clients, "/conc.bin", args.size, args.size,
                                           "/up", up, jit_file)
                            if not again:
                                r.update(t)  # the row's official figure: a fresh server
                            elif again == args.transfer_repeat - 1:
                                r["again"] = t
                finally:
                    stop_server(proc)
                results[name].append(r)
                print(json.dumps({name: r}), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load1 = open("/proc/loadavg").read().split()[:3]

    def med(name, *path):
        vals = []
        for r in results[name]:
            v = r
            for k in path:
                v = v.get(k) if isinstance(v, dict) else None
            if v is not None:
                vals.append(v)
        return statistics.median(vals) if vals else None

    print(f"load average at start {' '.join(load0)}, at end {' '.join(load1)}; medians of {args.rounds} round(s)")
    transfers = "transfers" in rows
    kinds = [("fresh", ())] + ([("again", ("again",))] if transfers and args.transfer_repeat > 1 else [])

    def phase_text(name, pre, ph):
        text = f"{ph} {med(name, *pre, ph, 's'):.3f} s cpu {med(name, *pre, ph, 'cpu_s'):.2f} s thr {med(name, *pre, ph, 'threads_peak'):.0f}"
        if med(name, *pre, ph, "jit") is not None:
            text += f" jit {med(name, *pre, ph, 'jit'):.0f} (tier1 {med(name, *pre, ph, 'jit_tier1'):.0f})"
        return text

    for name in names:
        parts = []
        if "memory" in rows:
            parts.append(f"rss/conn {med(name, 'rss_kib_per_conn'):.1f} KiB")
            if med(name, "rss_kib_per_conn_again") is not None:
                parts.append(f"again {med(name, 'rss_kib_per_conn_again'):.1f} KiB")
        if parts:
            print(f"{name:10} " + "; ".join(parts))
        if transfers:
            for kind, pre in kinds:
                label = "fresh server (rows 6a-c)" if kind == "fresh" else "again (same server, second round)"
                print(f"{name:10} {label}: " + "; ".join(phase_text(name, pre, ph) for ph in ("login", "retr", "stor")))
    if transfers and set(names) >= {"ftplite", "pyftpdlib"}:
        for kind, pre in kinds:
            for ph in ("login", "retr", "stor"):
                print(f"{kind:5} {ph}: FtpLite {med('pyftpdlib', *pre, ph, 's') / med('ftplite', *pre, ph, 's'):.2f}x pyftpdlib (wall), "
                      f"CPU {med('ftplite', *pre, ph, 'cpu_s') / max(med('pyftpdlib', *pre, ph, 'cpu_s'), 1e-9):.2f}x")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# usage: ceph-s3.sh start|stop
# A throwaway single-node Ceph cluster (one monitor, one memstore OSD, one RADOS Gateway) on 127.0.0.1 only, for
# the S3 tests: it starts in about 4 s and takes ~115 MB; an S3 endpoint with one user (and a bucket if asked).
# Stop kills it and throws all data away. Needs root and the packages tests/peers/install.sh installs.
# Settings (environment):
#   CEPH_S3_DIR         the cluster's folder (config, pids, logs, data); removed by stop   default $TMPDIR/ceph-s3
#   CEPH_S3_PORT        the gateway's S3 port (HTTP, 127.0.0.1)                            default 17480
#   CEPH_S3_MON_PORT    the monitor's port (127.0.0.1)                                     default 13300
#   CEPH_S3_ACCESS_KEY, CEPH_S3_SECRET_KEY   the S3 user's keys      default testaccesskey / testsecretkey
#   CEPH_S3_BUCKET      a bucket to create; empty for none                                 default empty
#   CEPH_S3_STORE       the OSD's object store: memstore (RAM) or bluestore (a file)       default memstore
# On success the last line is: S3 endpoint=http://127.0.0.1:PORT access_key=.. secret_key=.. region=us-east-1 bucket=..
set -euo pipefail
D=${CEPH_S3_DIR:-${TMPDIR:-/tmp}/ceph-s3}; STORE=${CEPH_S3_STORE:-memstore}
MON=${CEPH_S3_MON_PORT:-13300}; PORT=${CEPH_S3_PORT:-17480}
AK=${CEPH_S3_ACCESS_KEY:-testaccesskey}; SK=${CEPH_S3_SECRET_KEY:-testsecretkey}; BUCKET=${CEPH_S3_BUCKET:-}

stop() {
  # Only the processes this cluster started (their pid files live in its own folder), never others by name.
  for p in "$D"/run/*.pid; do [ -f "$p" ] && kill -9 "$(cat "$p")" 2>/dev/null || true; done
  for p in "$D"/run/*.pid; do [ -f "$p" ] || continue
    for _ in $(seq 100); do kill -0 "$(cat "$p")" 2>/dev/null || break; sleep 0.05; done; done
  rm -rf "$D"
}

fail() {
  echo "ceph-s3: $1" >&2
  for f in "$D"/log/*; do [ -f "$f" ] && { echo "--- $f (last 30 lines) ---" >&2; tail -n 30 "$f" >&2; }; done
  stop; exit 1
}

case "${1:-}" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop (settings in the environment: see the script's header)" >&2; exit 2 ;;
esac

for tool in monmaptool ceph-mon ceph-osd ceph radosgw radosgw-admin curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "ceph-s3: $tool is missing; install the peers with tests/peers/install.sh" >&2; exit 1; }
done

# The daemons fork into the background; their output goes to log/, so a caller reading this script's output
# sees it end when the script does.
stop; mkdir -p "$D"/{run,log,mon.a,osd.0,rgw}
FSID=$(cat /proc/sys/kernel/random/uuid); C=$D/ceph.conf
# No authentication (cephx) inside the cluster: it listens on loopback only and lives for one test run.
cat > "$C" <<CONF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms bind ipv6 = false
ms mon client mode = crc secure
auth cluster required = none
auth service required = none
auth client required = none
keyring = /dev/null
run dir = $D/run
admin socket = $D/run/\$name.asok
log file = $D/log/\$name.log
log to stderr = false
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon data avail warn = 2
mon data avail crit = 1
[mon]
pid file = $D/run/\$name.pid
mon data = $D/mon.\$id
mon cluster log file = $D/log/cluster.log
paxos propose interval = 0.05
[osd]
pid file = $D/run/\$name.pid
osd data = $D/osd.\$id
osd objectstore = $STORE
memstore device bytes = 4294967296
bluestore block path = $D/osd.\$id/block.file
bluestore block create = true
bluestore block size = 21474836480
osd memory target = 939524096
[client.rgw.x]
pid file = $D/run/\$name.pid
rgw data = $D/rgw
# tcp_nodelay: without it beast sends a response body behind its headers only once the client ACKs them, and the
# client delays that ACK: every GET with a body (an object, a listing page) took 40 ms more on a reused connection.
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
CONF

monmaptool --create --clobber --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON]" "$D/monmap" >/dev/null || fail "monmaptool failed"
ceph-mon -c "$C" --mkfs -i a --monmap "$D/monmap" || fail "ceph-mon --mkfs failed"
ceph-mon -c "$C" -i a </dev/null >>"$D/log/daemons.out" 2>&1 || fail "ceph-mon did not start (is port $MON free?)"
OU=$(cat /proc/sys/kernel/random/uuid)
OID=$(timeout 60 ceph -c "$C" osd new "$OU") || fail "the monitor did not answer 'osd new'"
ceph-osd -c "$C" -i "$OID" --mkfs --osd-uuid "$OU" 2>"$D/log/osd-start.log" || fail "ceph-osd --mkfs failed"
ceph-osd -c "$C" -i "$OID" </dev/null >>"$D/log/daemons.out" 2>&1 || fail "ceph-osd did not start"
up=
for _ in $(seq 300); do timeout 10 ceph -c "$C" osd stat 2>/dev/null | grep -q ' 1 up' && { up=1; break; }; sleep 0.2; done
[ -n "$up" ] || fail "the OSD did not come up within 60 s"
timeout 60 radosgw-admin -c "$C" user create --uid=test --display-name=test --access-key="$AK" --secret="$SK" >/dev/null \
  || fail "radosgw-admin could not create the S3 user"
timeout 60 radosgw -c "$C" -n client.rgw.x </dev/null >>"$D/log/daemons.out" 2>&1 || fail "radosgw did not start (is port $PORT free?)"
for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" || fail "the gateway does not answer on 127.0.0.1:$PORT"
if [ -n "$BUCKET" ]; then
  curl -fsS -o /dev/null -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "http://127.0.0.1:$PORT/$BUCKET" \
    || fail "could not create the bucket $BUCKET"
fi
echo "S3 endpoint=http://127.0.0.1:$PORT access_key=$AK secret_key=$SK region=us-east-1 bucket=$BUCKET"

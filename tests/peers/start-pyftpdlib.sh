#!/usr/bin/env bash
# start-pyftpdlib.sh ROOT PORT
# Runs pyftpdlib in the foreground on 127.0.0.1:PORT serving ROOT (writable) to the peer user.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/peer-user.sh"
exec /usr/bin/python3 -m pyftpdlib -i 127.0.0.1 -p "$2" -d "$1" -w -u "$FTPLITE_PEER_USER" -P "$FTPLITE_PEER_PASSWORD"

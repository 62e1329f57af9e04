#!/usr/bin/env bash
# Installs the FTP peers the interop tests run against, and the local user vsftpd serves.
# Needs root (CI runs as root). Safe to run again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/peer-user.sh"

need=()
command -v vsftpd >/dev/null 2>&1 || [ -x /usr/sbin/vsftpd ] || need+=(vsftpd)
command -v lftp >/dev/null 2>&1 || need+=(lftp)
command -v curl >/dev/null 2>&1 || need+=(curl)
/usr/bin/python3 -c 'import pyftpdlib' >/dev/null 2>&1 || need+=(python3-pyftpdlib)
# The S3 tests' gateway (tests/peers/ceph-s3.sh): a throwaway Ceph cluster with its RADOS Gateway.
command -v radosgw >/dev/null 2>&1 || need+=(radosgw)
command -v ceph-mon >/dev/null 2>&1 || need+=(ceph-mon)
command -v ceph-osd >/dev/null 2>&1 || need+=(ceph-osd)
command -v ceph >/dev/null 2>&1 || need+=(ceph-common)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# vsftpd serves local users only when they exist, have a password and a shell listed in /etc/shells.
# vsftpd changes to the home folder before local_root, so it must exist.
if ! id "$FTPLITE_PEER_USER" >/dev/null 2>&1; then
  useradd --no-create-home --home-dir /tmp --shell /bin/bash "$FTPLITE_PEER_USER"
fi
usermod --home /tmp "$FTPLITE_PEER_USER" >/dev/null
echo "$FTPLITE_PEER_USER:$FTPLITE_PEER_PASSWORD" | chpasswd
mkdir -p /var/run/vsftpd/empty

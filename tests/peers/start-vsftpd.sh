#!/usr/bin/env bash
# start-vsftpd.sh ROOT PORT [extra vsftpd.conf lines...]
# Runs vsftpd in the foreground on 127.0.0.1:PORT serving ROOT to the peer user (see peer-user.sh).
# The caller stops it by killing this process.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/peer-user.sh"
root=$1; port=$2; shift 2
chown "$FTPLITE_PEER_USER" "$root"
conf=$(mktemp /tmp/ftplite-vsftpd-XXXXXX.conf)
cat > "$conf" <<CONF
listen=YES
listen_address=127.0.0.1
listen_port=$port
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_root=$root
chroot_local_user=YES
allow_writeable_chroot=YES
pam_service_name=vsftpd
seccomp_sandbox=NO
local_umask=022
use_localtime=NO
max_per_ip=0
max_clients=0
xferlog_enable=NO
CONF
for line in "$@"; do echo "$line" >> "$conf"; done
# vsftpd reads its configuration once at start; remove the file soon after. The remover must not be a child
# of this shell: exec hands this shell's children to vsftpd, whose standalone SIGCHLD handler dereferences
# NULL for a child it did not fork (it crashes with SIGSEGV when the remover exits). setsid -f detaches it
# and returns at once, so nothing is left for vsftpd to reap.
setsid -f /bin/sh -c 'sleep 3; rm -f "$1"' sh "$conf" </dev/null >/dev/null 2>&1
exec /usr/sbin/vsftpd "$conf"

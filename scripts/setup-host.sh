#!/bin/sh
# As root: what the reference asks of an administrator before a user runs rootless mode, for the
# user named on the command line: Debian packages, 65,536 subordinate ids, /dev/net/tun and
# /dev/fuse usable, and (on hosts without systemd-logind) a runtime dir /run/user/<uid>.
# Idempotent.   sudo scripts/setup-host.sh alice
set -eu
U=${1:?usage: setup-host.sh USER}
[ "$(id -u)" = 0 ] || { echo "run as root: sudo $0 $U" >&2; exit 1; }

PKGS="uidmap slirp4netns passt runc crun conmon fuse-overlayfs iptables nftables iproute2 util-linux attr zstd busybox-static socat catatonit tini docker.io docker-compose curl openssl systemd openssh-server nodejs npm"
missing=""
for p in $PKGS; do dpkg -s "$p" > /dev/null 2>&1 || missing="$missing $p"; done
# node and npm may come from elsewhere (nodesource, a tarball): only install them when absent
command -v node > /dev/null && missing=$(echo "$missing" | sed 's/ nodejs//; s/ npm//')
if [ -n "$missing" ]; then
  apt-get update -qq
  # packages must not start services here (docker.io's dockerd, openssh-server's sshd on port 22):
  # the tests start what they need, as the test user. policy-rc.d is Debian's switch for that.
  policy=""
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && policy=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing > /dev/null
  [ -z "$policy" ] || rm -f /usr/sbin/policy-rc.d
fi

id "$U" > /dev/null 2>&1 || useradd -m -s /bin/bash "$U"
# 65,536 subordinate ids after every range already handed out, unless the user has some
next_free() { awk -F: 'BEGIN { m = 100000 } { if ($2 + $3 > m) m = $2 + $3 } END { print m }' "$1"; }
for f in /etc/subuid /etc/subgid; do
  touch "$f"
  if ! grep -q "^$U:" "$f"; then
    start=$(next_free "$f")
    echo "$U:$start:65536" >> "$f"
  fi
done

# distributions ship these 0666; slirp4netns/pasta need the first, fuse-overlayfs the second
chmod 0666 /dev/net/tun /dev/fuse 2> /dev/null || true

uid=$(id -u "$U")
if [ ! -d "/run/user/$uid" ]; then
  install -d -m 0700 -o "$U" -g "$(id -g "$U")" "/run/user/$uid"
fi
echo "ready: $U (uid $uid), subuid $(grep "^$U:" /etc/subuid), XDG_RUNTIME_DIR=/run/user/$uid"

#!/bin/sh
# As an ordinary user (never root): start a rootless Burrow daemon, talk to it with the docker CLI,
# import a busybox image from the host and run a first container in it,
# then stop it. Prerequisites: `sudo scripts/setup-host.sh $USER` once, then `npm ci && npm run build`.
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" != 0 ] || { echo "run this as the user who will use Burrow, not as root" >&2; exit 1; }
: "${XDG_RUNTIME_DIR:=/run/user/$(id -u)}"
export XDG_RUNTIME_DIR
export DOCKER_HOST="unix://$XDG_RUNTIME_DIR/docker.sock"
log=$(mktemp "${TMPDIR:-/tmp}/burrow-first-run.XXXXXX")

"$HERE/bin/burrow" check || { echo "fix the items marked above, then run this again" >&2; exit 1; }
"$HERE/bin/burrow" daemon > "$log" 2>&1 &
daemon=$!
trap 'kill -TERM $daemon 2> /dev/null; wait $daemon 2> /dev/null; rm -f "$log"' EXIT
i=0
until grep -q 'burrow daemon is ready' "$log"; do
  kill -0 $daemon 2> /dev/null || { cat "$log" >&2; exit 1; }
  i=$((i + 1)); [ $i -lt 300 ] || { echo "daemon not ready after 30 s" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done
set -x
docker version
docker info --format 'Security Options: {{.SecurityOptions}}  Cgroup Driver: {{.CgroupDriver}}  Root Dir: {{.DockerRootDir}}'
"$HERE/bin/burrow" nsenter cat /proc/self/uid_map
# a first image without a registry: the host's static busybox (package busybox-static), imported
rootfs=$(mktemp -d "${TMPDIR:-/tmp}/burrow-rootfs.XXXXXX")
mkdir -p "$rootfs/bin"
cp /bin/busybox "$rootfs/bin/busybox"
for cmd in sh echo id cat ls; do ln -s busybox "$rootfs/bin/$cmd"; done
tar -C "$rootfs" -c . | docker import --change 'CMD ["/bin/sh"]' - burrow-first:latest
rm -rf "$rootfs"
docker run --rm burrow-first:latest sh -c 'echo "hello from a rootless container: uid $(id -u) inside"; cat /proc/self/uid_map'
docker rmi burrow-first:latest

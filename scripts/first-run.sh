#!/bin/sh
# As an ordinary user (never root): start a rootless Burrow daemon, talk to it with the docker CLI,
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

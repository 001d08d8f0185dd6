#!/bin/sh
# Burrow for ../shared/bench (same shape as its engines/*.sh), run as the calling unprivileged user:
#   bench/engine.sh start   launch `burrow daemon` in the background and return at once
#   bench/engine.sh stop    stop it (SIGTERM to the daemon) and wait until it has exited
#   bench/engine.sh env     the variables run.sh / compare.sh read
# The engine runs in the host's network namespace (detach-netns), so the daemon reaches the
# fixture registry on 127.0.0.1:5000 directly; containers reach the host as 10.0.2.2 only with
# host loopback enabled, which the anchors enable too.
set -eu
: "${XDG_RUNTIME_DIR:=/run/user/$(id -u)}"
export XDG_RUNTIME_DIR
HERE=$(cd "$(dirname "$0")" && pwd)
STATE=$XDG_RUNTIME_DIR/bench-burrow
SOCK=$XDG_RUNTIME_DIR/docker.sock

alive() { [ -f "$STATE/pid" ] && kill -0 "$(cat "$STATE/pid")" 2> /dev/null; }

start() {
  [ "$(id -u)" != 0 ] || { echo "run as the unprivileged user, not root" >&2; exit 1; }
  alive && return 0
  mkdir -p "$STATE"
  DOCKERD_ROOTLESS_ROOTLESSKIT_DISABLE_HOST_LOOPBACK=false \
    setsid "$HERE/../bin/burrow" daemon > "$STATE/log" 2>&1 < /dev/null &
  echo $! > "$STATE/pid"
}

stop() {
  if alive; then
    pid=$(cat "$STATE/pid")
    kill -TERM "$pid"
    i=0
    while kill -0 "$pid" 2> /dev/null; do
      i=$((i + 1))
      if [ $i -gt 300 ]; then kill -KILL "$pid" 2> /dev/null || true; break; fi
      sleep 0.1
    done
  fi
  rm -f "$STATE/pid"
}

env_vars() {
  cat << VARS
LABEL=burrow
DOCKER_HOST=unix://$SOCK
REGISTRY=127.0.0.1:5000
HOST_ADDR=10.0.2.2
START_CMD='$HERE/engine.sh start'
STOP_CMD='$HERE/engine.sh stop'
VARS
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) env_vars ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac

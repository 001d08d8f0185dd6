#!/bin/sh
# `npm run bench`: Burrow beside Docker rootless (and Podman when installed) in one run of the
# shared harness. Run as the unprivileged bench user after ../shared/bench/setup-anchors.sh.
# SECTIONS defaults to what Burrow implements so far.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED_BENCH:-$HERE/../../shared/bench}
export SECTIONS=${SECTIONS:-cold,api}
engines="$HERE/engine.sh $SHARED/engines/docker-rootless.sh"
if command -v podman > /dev/null; then engines="$engines $SHARED/engines/podman-rootless.sh"; fi
# shellcheck disable=SC2086 # a list of scripts
exec "$SHARED/compare.sh" $engines

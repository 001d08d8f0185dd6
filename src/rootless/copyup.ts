// RootlessKit's tmpfs+symlink copy-up, as a shell script the namespace holder runs inside the new
// mount namespace before it goes to sleep: each directory becomes a writable tmpfs whose entries
// are symlinks into the original (moved underneath as .ro<rand>), so the engine can replace
// /etc/resolv.conf or create /run/docker without touching the host, and a host that recreates
// /etc/resolv.conf does not leave a stale bind mount behind. It runs in the holder (a shell,
// not node) so it overlaps the engine's boot instead of delaying its first request.

/** Written last, so a copy-up cut short (the holder killed halfway) is never mistaken for a whole one. */
export const COPIED_UP_MARK = '.burrow-copied-up';

/** The copied-up directories, and the links the engine must own itself (dockerd-rootless.sh removes the same). */
export const COPY_UP_DIRS = ['/etc', '/run'] as const;
const RELEASED_RUN_ENTRIES = ['/run/docker', '/run/containerd', '/run/xtables.lock'];

/** Paths that exist in a holder's mount namespace once its copy-up has completed. */
export const COPIED_UP_MARKS = COPY_UP_DIRS.map((d) => `${d}/${COPIED_UP_MARK}`);

// --no-mtab: once /etc is a tmpfs, mount(8) would fail writing /etc/mtab (rootlesskit#45).
// Symlink entries are copied as symlinks with their own target (cp -P: a relative one would
// otherwise resolve from inside .ro<rand>); every other entry is linked; one exec for each kind,
// and both directories at once, as execs are what this costs.
const COPY_UP_FUNCTION = `copy_up() {
  d=$1
  saved=$(mktemp -d /tmp/burrow-copyup-XXXXXXXX)
  mount --no-mtab --rbind "$d" "$saved"
  mount --no-mtab -t tmpfs -o mode=0755 tmpfs "$d"
  ro=$(mktemp -d "$d/.roXXXXXXXX")
  mount --no-mtab --move "$saved" "$ro"
  rmdir "$saved"
  links=
  set --
  for f in "$ro"/* "$ro"/.[!.]* "$ro"/..?*; do
    if [ -L "$f" ]; then links=1
    elif [ -e "$f" ]; then set -- "$@" "$f"
    fi
  done
  if [ $# -gt 0 ]; then ln -s -- "$@" "$d/"; fi
  if [ -n "$links" ]; then
    set --
    for f in "$ro"/* "$ro"/.[!.]* "$ro"/..?*; do
      if [ -L "$f" ]; then set -- "$@" "$f"; fi
    done
    cp -P -- "$@" "$d/"
  fi
}`;

function quote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The script: copy up every directory, release the engine's entries, then mark completion. */
export function copyUpScript(): string {
  return [
    'set -eu',
    COPY_UP_FUNCTION,
    // wait with no operands does not report failures: wait for each job by pid (set -e does the rest)
    ...COPY_UP_DIRS.map((d, i) => `copy_up ${quote(d)} & job${i}=$!`),
    ...COPY_UP_DIRS.map((_, i) => `wait "$job${i}"`),
    `rm -f ${RELEASED_RUN_ENTRIES.map(quote).join(' ')}`,
    ...COPIED_UP_MARKS.map((m) => `: > ${quote(m)}`),
  ].join('\n');
}

// The path-stat header carries Go's os.FileMode, not st_mode: the type lives in the high bits
// (ModeDir is 1<<31), and the CLI tests them (`stat.Mode.IsDir()`, `Mode&os.ModeSymlink`).
import { constants, type BigIntStats, type Stats } from 'node:fs';

export const GO_MODE = {
  dir: 2 ** 31,
  symlink: 2 ** 27,
  device: 2 ** 26,
  namedPipe: 2 ** 25,
  socket: 2 ** 24,
  setuid: 2 ** 23,
  setgid: 2 ** 22,
  charDevice: 2 ** 21,
  sticky: 2 ** 20,
} as const;

/** Go's fillFileStatFromSys for Linux: the type bits, then permissions and the special bits. */
export function goFileMode(st: Stats | BigIntStats): number {
  const mode = Number(st.mode);
  let out = mode & 0o777;
  switch (mode & constants.S_IFMT) {
    case constants.S_IFDIR: out += GO_MODE.dir; break;
    case constants.S_IFLNK: out += GO_MODE.symlink; break;
    case constants.S_IFBLK: out += GO_MODE.device; break;
    case constants.S_IFCHR: out += GO_MODE.device + GO_MODE.charDevice; break;
    case constants.S_IFIFO: out += GO_MODE.namedPipe; break;
    case constants.S_IFSOCK: out += GO_MODE.socket; break;
  }
  if ((mode & 0o4000) !== 0) out += GO_MODE.setuid;
  if ((mode & 0o2000) !== 0) out += GO_MODE.setgid;
  if ((mode & 0o1000) !== 0) out += GO_MODE.sticky;
  return out;
}

/** Go's time.Time JSON form (RFC 3339 with the nanoseconds, trailing zeros dropped), in UTC. */
export function goTimeJson(ns: bigint): string {
  const seconds = ns / 1_000_000_000n;
  const nanos = ns % 1_000_000_000n;
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const fraction = nanos === 0n ? '' : `.${nanos.toString().padStart(9, '0').replace(/0+$/, '')}`;
  return `${base}${fraction}Z`;
}

// Names and DriverOpts of the local driver, validated as dockerd's (daemon/volume/local), plus
// the one rootless difference: only mounts a user namespace may make are accepted.
import { invalidCreate } from './errors.js';

const NAME_CHARS = '[a-zA-Z0-9][a-zA-Z0-9_.-]';
const NAME = new RegExp(`^${NAME_CHARS}+$`);

export function validateVolumeName(name: string): void {
  if (name.length === 1) throw invalidCreate(name, 'volume name is too short, names should be at least two alphanumeric characters');
  if (!NAME.test(name)) {
    throw invalidCreate(name, `"${name}" includes invalid characters for a local volume name, only "${NAME_CHARS}" are allowed. If you intended to pass a host directory, use absolute path`);
  }
}

const VALID = new Set(['type', 'o', 'device', 'size']);
// dockerd iterates a Go map here, so which missing option it names first varies; a fixed order is kinder
const MANDATORY: [string, string[]][] = [['device', ['type']], ['type', ['device']], ['o', ['device', 'type']]];

/** go-units RAMInBytes: "64m", "1.5GiB", "100" (binary multiples). */
export function ramInBytes(text: string): number {
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(text);
  if (!m) throw new Error(`invalid size: '${text}'`);
  const exp = m[2] === undefined ? 0 : 'kmgtp'.indexOf(m[2].toLowerCase()) + 1;
  return Math.trunc(parseFloat(m[1] ?? '0') * 1024 ** exp);
}

// tmpfs and bind mounts are what the kernel lets the root of a user namespace mount
// (FS_USERNS_MOUNT); nfs, cifs and block devices need real root, so they fail here, at create,
// not at each container start.
function rootlessMountable(opts: Readonly<Record<string, string>>): boolean {
  if (opts.type === 'tmpfs') return true;
  return (opts.o ?? '').split(',').some((o) => o === 'bind' || o === 'rbind');
}

export function validateDriverOpts(name: string, opts: Readonly<Record<string, string>> | null | undefined): void {
  if (!opts || Object.keys(opts).length === 0) return;
  for (const key of Object.keys(opts)) {
    if (!VALID.has(key)) throw invalidCreate(name, `invalid option: "${key}"`);
  }
  if (opts.size !== undefined) {
    let size: number;
    try {
      size = ramInBytes(opts.size);
    } catch (err) {
      throw invalidCreate(name, (err as Error).message);
    }
    if (size > 0) throw invalidCreate(name, 'quota size requested but no quota support');
  }
  for (const [key, needs] of MANDATORY) {
    if (opts[key] === undefined) continue;
    for (const need of needs) {
      if (opts[need] === undefined) throw invalidCreate(name, `missing required option: "${need}"`);
    }
  }
  if ((opts.type !== undefined || opts.device !== undefined) && !rootlessMountable(opts)) {
    throw invalidCreate(name, `a rootless daemon cannot mount type "${opts.type ?? ''}" (it needs root on the host); the local driver mounts type=tmpfs, or an existing host directory with type=none,o=bind,device=<path>`);
  }
}

/** Options that make the volume a mount of its own (dockerd's needsMount). */
export function needsMount(opts: Readonly<Record<string, string>> | null | undefined): boolean {
  return (opts?.device ?? '') !== '' || (opts?.type ?? '') !== '';
}

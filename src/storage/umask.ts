// The process umask, read without changing it (process.umask() with no argument is deprecated and
// briefly sets 0). Files are created with their final mode when the umask leaves it intact, which
// saves a chmod per file.
import { readFileSync } from 'node:fs';

/** Read once per unpack (a small procfs read), so a changed umask is seen by the next layer. */
export function currentUmask(): number {
  const line = /^Umask:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return line?.[1] === undefined ? 0o022 : parseInt(line[1], 8);
}

/** Whether a name created with `mode & 0o777` still needs a chmod to reach `mode`. */
export function needsChmod(mode: number, umask: number): boolean {
  return (mode & 0o7000) !== 0 || (mode & umask) !== 0;
}

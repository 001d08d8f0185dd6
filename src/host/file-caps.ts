// File capabilities as getcap(8) prints them: "<path> cap_setuid=ep" (libcap ≥ 2.4x) or
// "<path> = cap_setuid+ep" (older); an empty output means the file has none.

/** Whether `cap` is in the effective and permitted sets of the getcap line for one file. */
export function getcapGrants(output: string, cap: string): boolean {
  const line = output.trim().split('\n')[0] ?? '';
  const text = line.replace(/^\S+\s+(=\s+)?/, '');
  for (const clause of text.split(/\s+/)) {
    const m = /^([a-z_,]*)([=+])([eip]*)$/.exec(clause);
    if (m === null) continue;
    const caps = (m[1] ?? '').split(',').filter((c) => c !== '');
    const flags = m[3] ?? '';
    // "=ep" with no names means every capability.
    const names = caps.length === 0 || caps.includes('all') || caps.includes(cap);
    if (names && flags.includes('e') && flags.includes('p')) return true;
  }
  return false;
}

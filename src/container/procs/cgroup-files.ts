// Parsers for the cgroup v2 interface files dockerd (through containerd's cgroups package) reads.

/** Flat-keyed files: cpu.stat, memory.stat, memory.events (`key value` per line). */
export function parseFlatKeyed(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key !== undefined && key !== '' && value !== undefined && /^\d+$/.test(value)) out.set(key, Number(value));
  }
  return out;
}

/** memory.max, pids.max: a number, or undefined for "max" (no limit). */
export function parseLimit(text: string | undefined): number | undefined {
  const v = text?.trim();
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The unified hierarchy's path in /proc/<pid>/cgroup (`0::/path`); paths outside our view ("/..") are useless. */
export function parseCgroupV2Path(text: string): string | undefined {
  const path = /^0::(\/.*)$/m.exec(text)?.[1];
  return path === undefined || path.split('/').includes('..') ? undefined : path;
}

export interface BlkioStatEntry {
  major: number;
  minor: number;
  op: string;
  value: number;
}

/** io.stat as dockerd's statsV2 turns it into io_service_bytes_recursive: read and write bytes per device. */
export function parseIoStat(text: string): BlkioStatEntry[] {
  const entries: BlkioStatEntry[] = [];
  for (const line of text.split('\n')) {
    const [dev, ...pairs] = line.trim().split(/\s+/);
    const m = /^(\d+):(\d+)$/.exec(dev ?? '');
    if (!m) continue;
    const kv = new Map(pairs.map((p) => p.split('=') as [string, string]));
    const major = Number(m[1]);
    const minor = Number(m[2]);
    entries.push({ major, minor, op: 'read', value: Number(kv.get('rbytes') ?? 0) }, { major, minor, op: 'write', value: Number(kv.get('wbytes') ?? 0) });
  }
  return entries;
}

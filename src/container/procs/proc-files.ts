// Parsers for the /proc files a container's usage is summed from when it has no cgroup of its own.
// Times in /proc are clock ticks; USER_HZ is 100 on every Linux ABI, as dockerd also assumes.
const NS_PER_TICK = 10_000_000;
const KIB = 1024;

export interface ProcCpu {
  /** user and system time of the process plus the children it has reaped, in ns */
  userNs: number;
  systemNs: number;
  threads: number;
}

/** utime, stime, cutime, cstime (fields 14–17) and num_threads (20) of /proc/<pid>/stat. */
export function parseProcStat(text: string): ProcCpu | undefined {
  // comm (field 2) may hold spaces and parentheses: the fields after the last ')' are fixed
  const rest = text.slice(text.lastIndexOf(')') + 2).trim().split(' ').map(Number);
  const [utime, stime, cutime, cstime] = rest.slice(11, 15);
  const threads = rest[17];
  if (utime === undefined || stime === undefined || cutime === undefined || cstime === undefined || threads === undefined) return undefined;
  if ([utime, stime, cutime, cstime, threads].some(Number.isNaN)) return undefined;
  return { userNs: (utime + cutime) * NS_PER_TICK, systemNs: (stime + cstime) * NS_PER_TICK, threads };
}

export interface SystemCpu {
  /** all CPUs' time since boot (user … steal), in ns */
  usageNs: number;
  onlineCpus: number;
}

/** dockerd's readSystemCPUUsage: the `cpu` line's first seven fields, and one CPU per `cpuN` line. */
export function parseSystemCpu(text: string): SystemCpu | undefined {
  let usageNs: number | undefined;
  let onlineCpus = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu') || line.length < 4) break;
    if (line[3] === ' ') {
      const ticks = line.split(/\s+/).slice(1, 8).map(Number);
      if (ticks.length < 7 || ticks.some(Number.isNaN)) return undefined;
      usageNs = ticks.reduce((a, b) => a + b, 0) * NS_PER_TICK;
    } else if (/\d/.test(line[3] ?? '')) {
      onlineCpus++;
    }
  }
  return usageNs === undefined ? undefined : { usageNs, onlineCpus };
}

/** `Key:   123 kB` lines (meminfo, status, smaps_rollup) as bytes. */
function kibFields(text: string): Map<string, number> {
  const fields = new Map<string, number>();
  for (const m of text.matchAll(/^([A-Za-z_()]+):\s+(\d+) kB$/gm)) fields.set(m[1] ?? '', Number(m[2]) * KIB);
  return fields;
}

export function parseMemTotal(meminfo: string): number | undefined {
  return kibFields(meminfo).get('MemTotal');
}

export interface ProcMemory {
  /** the process's share of resident memory: PSS where the kernel gives it, else RSS */
  usage: number;
  anon: number;
  file: number;
  shmem: number;
}

/** /proc/<pid>/smaps_rollup: proportional sizes, so pages shared within the container count once. */
export function parseSmapsRollup(text: string): ProcMemory | undefined {
  const f = kibFields(text);
  const pss = f.get('Pss');
  if (pss === undefined) return undefined;
  return { usage: pss, anon: f.get('Pss_Anon') ?? 0, file: f.get('Pss_File') ?? 0, shmem: f.get('Pss_Shmem') ?? 0 };
}

/** /proc/<pid>/status, for when smaps_rollup is missing or unreadable. */
export function parseStatusMemory(text: string): ProcMemory | undefined {
  const f = kibFields(text);
  const rss = f.get('VmRSS');
  if (rss === undefined) return undefined;
  return { usage: rss, anon: f.get('RssAnon') ?? 0, file: f.get('RssFile') ?? 0, shmem: f.get('RssShmem') ?? 0 };
}

export interface NetworkStats {
  rx_bytes: number;
  rx_packets: number;
  rx_errors: number;
  rx_dropped: number;
  tx_bytes: number;
  tx_packets: number;
  tx_errors: number;
  tx_dropped: number;
}

/** /proc/<pid>/net/dev without loopback, which dockerd never reports. */
export function parseNetDev(text: string): Record<string, NetworkStats> {
  const out: Record<string, NetworkStats> = {};
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const v = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (name === 'lo' || v.length < 16 || v.some(Number.isNaN)) continue;
    const at = (i: number): number => v[i] ?? 0;
    out[name] = {
      rx_bytes: at(0), rx_packets: at(1), rx_errors: at(2), rx_dropped: at(3),
      tx_bytes: at(8), tx_packets: at(9), tx_errors: at(10), tx_dropped: at(11),
    };
  }
  return out;
}

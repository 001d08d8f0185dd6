// One stats sample of a running container. Where cgroup v2 gives the container a cgroup of its own
// the numbers are the cgroup's, as dockerd's; without one (the `none` cgroup driver) they are sums
// over the container's processes from /proc, which the docker CLI turns into the same columns.
import type { HostPaths } from '../../host/host-paths.js';
import { parseCgroupV2Path, parseFlatKeyed, parseIoStat, parseLimit } from './cgroup-files.js';
import { containerPids } from './container-pids.js';
import { parseMemTotal, parseNetDev, parseProcStat, parseSmapsRollup, parseStatusMemory, parseSystemCpu, type NetworkStats, type ProcMemory } from './proc-files.js';
import { zeroCpu, type CpuStats, type MemoryStats, type Sample } from './stats-body.js';

export interface StatsTarget {
  id: string;
  name: string;
  /** the container's init as the engine sees it */
  pid: number;
  running: boolean;
  /** the holder's namespace (shared), or none/host, which dockerd reports no interfaces for */
  network: 'shared' | 'none' | 'host';
}

/** dockerd's statsV2 memory keys, each read from memory.stat. */
const MEMORY_STAT_KEYS = [
  'anon', 'file', 'kernel_stack', 'slab', 'sock', 'shmem', 'file_mapped', 'file_dirty', 'file_writeback', 'anon_thp',
  'inactive_anon', 'active_anon', 'inactive_file', 'active_file', 'unevictable', 'slab_reclaimable', 'slab_unreclaimable',
  'pgfault', 'pgmajfault', 'workingset_refault', 'workingset_activate', 'workingset_nodereclaim', 'pgrefill', 'pgscan',
  'pgsteal', 'pgactivate', 'pgdeactivate', 'pglazyfree', 'pglazyfreed', 'thp_fault_alloc', 'thp_collapse_alloc',
];

/** Go's omitempty on numbers. */
function nonZero(value: number | undefined): number | undefined {
  return value === 0 ? undefined : value;
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

interface ProcTotals {
  userNs: number;
  systemNs: number;
  threads: number;
  memory: ProcMemory;
}

export class StatsSampler {
  private memTotal: Promise<number | undefined> | undefined;

  constructor(private readonly host: HostPaths) {}

  async sample(target: StatsTarget): Promise<Sample> {
    const pids = await containerPids(this.host, target.pid);
    const [cgroup, machineMemory] = await Promise.all([this.ownCgroup(target.pid, pids), this.machineMemory()]);
    const [procs, fromCgroup, networks] = await Promise.all([
      this.procTotals(pids),
      cgroup === undefined ? undefined : this.cgroupSample(cgroup, machineMemory),
      target.network === 'shared' ? this.networks(target.pid) : undefined,
    ]);
    // sampled right after the container's usage, so both deltas cover the same interval
    const system = parseSystemCpu(await this.host.read('/proc/stat') ?? '');
    const usage = fromCgroup?.cpu ?? { ...zeroCpu(), cpu_usage: { total_usage: procs.userNs + procs.systemNs, usage_in_kernelmode: procs.systemNs, usage_in_usermode: procs.userNs } };
    const cpu: CpuStats = {
      cpu_usage: usage.cpu_usage,
      ...definedOnly({ system_cpu_usage: nonZero(system?.usageNs), online_cpus: nonZero(system?.onlineCpus) }),
      throttling_data: usage.throttling_data,
    };
    const m = procs.memory;
    const memory = fromCgroup?.memory ?? definedOnly<MemoryStats>({
      usage: nonZero(m.usage),
      stats: { anon: m.anon, file: m.file, shmem: m.shmem },
      limit: nonZero(machineMemory),
    });
    return definedOnly<Sample>({
      read: new Date().toISOString(),
      pids: fromCgroup?.pids ?? definedOnly({ current: nonZero(procs.threads) }),
      blkio: fromCgroup?.blkio,
      cpu,
      memory,
      networks,
    });
  }

  private machineMemory(): Promise<number | undefined> {
    this.memTotal ??= this.host.read('/proc/meminfo').then((t) => (t === undefined ? undefined : parseMemTotal(t)));
    return this.memTotal;
  }

  /**
   * The init's cgroup v2 directory, if it holds the container alone: without a cgroup driver runc
   * leaves containers in the engine's cgroup, whose numbers would be everyone's.
   */
  private async ownCgroup(initPid: number, pids: number[]): Promise<string | undefined> {
    if (pids.length === 0 || !(await this.host.exists('/sys/fs/cgroup/cgroup.controllers'))) return undefined;
    const path = parseCgroupV2Path(await this.host.read(`/proc/${initPid}/cgroup`) ?? '');
    if (path === undefined || path === '/') return undefined;
    const dir = `/sys/fs/cgroup${path}`;
    const members = (await this.host.read(`${dir}/cgroup.procs`))?.split('\n').filter((l) => l !== '').map(Number);
    const ours = new Set(pids);
    return members !== undefined && members.length > 0 && members.every((p) => ours.has(p)) ? dir : undefined;
  }

  private async cgroupSample(dir: string, machineMemory: number | undefined): Promise<Partial<Pick<Sample, 'cpu' | 'memory' | 'pids' | 'blkio'>>> {
    const read = (file: string): Promise<string | undefined> => this.host.read(`${dir}/${file}`);
    const [cpuStat, current, max, memStat, events, pidsCurrent, pidsMax, ioStat] = await Promise.all(
      ['cpu.stat', 'memory.current', 'memory.max', 'memory.stat', 'memory.events', 'pids.current', 'pids.max', 'io.stat'].map(read),
    );
    const out: Partial<Pick<Sample, 'cpu' | 'memory' | 'pids' | 'blkio'>> = {};
    if (cpuStat !== undefined) {
      const c = parseFlatKeyed(cpuStat);
      const us = (key: string): number => (c.get(key) ?? 0) * 1000;
      out.cpu = {
        cpu_usage: { total_usage: us('usage_usec'), usage_in_kernelmode: us('system_usec'), usage_in_usermode: us('user_usec') },
        throttling_data: { periods: c.get('nr_periods') ?? 0, throttled_periods: c.get('nr_throttled') ?? 0, throttled_time: us('throttled_usec') },
      };
    }
    if (current !== undefined) {
      const stat = parseFlatKeyed(memStat ?? '');
      const limit = parseLimit(max);
      // an unlimited container reports the machine's memory, as dockerd caps it
      const capped = machineMemory !== undefined && (limit === undefined || limit > machineMemory) ? machineMemory : limit;
      out.memory = definedOnly<MemoryStats>({
        usage: nonZero(parseLimit(current)),
        stats: Object.fromEntries(MEMORY_STAT_KEYS.map((k) => [k, stat.get(k) ?? 0])),
        failcnt: nonZero(parseFlatKeyed(events ?? '').get('oom')),
        limit: nonZero(capped),
      });
    }
    if (pidsCurrent !== undefined) out.pids = definedOnly({ current: nonZero(parseLimit(pidsCurrent)), limit: nonZero(parseLimit(pidsMax)) });
    if (ioStat !== undefined) {
      const entries = parseIoStat(ioStat);
      if (entries.length > 0) out.blkio = entries;
    }
    return out;
  }

  private async procTotals(pids: number[]): Promise<ProcTotals> {
    const each = await Promise.all(pids.map(async (pid) => {
      const stat = parseProcStat(await this.host.read(`/proc/${pid}/stat`) ?? '');
      const rollup = await this.host.read(`/proc/${pid}/smaps_rollup`);
      const memory = (rollup === undefined ? undefined : parseSmapsRollup(rollup)) ?? parseStatusMemory(await this.host.read(`/proc/${pid}/status`) ?? '');
      return { stat, memory };
    }));
    const totals: ProcTotals = { userNs: 0, systemNs: 0, threads: 0, memory: { usage: 0, anon: 0, file: 0, shmem: 0 } };
    for (const { stat, memory } of each) {
      if (stat) {
        totals.userNs += stat.userNs;
        totals.systemNs += stat.systemNs;
        totals.threads += stat.threads;
      }
      if (memory) {
        totals.memory.usage += memory.usage;
        totals.memory.anon += memory.anon;
        totals.memory.file += memory.file;
        totals.memory.shmem += memory.shmem;
      }
    }
    return totals;
  }

  private async networks(pid: number): Promise<Record<string, NetworkStats> | undefined> {
    const text = await this.host.read(`/proc/${pid}/net/dev`);
    return text === undefined ? undefined : parseNetDev(text);
  }
}

// The stats JSON of API 1.43 (types.StatsJSON), keys in dockerd's order. Go omits empty values
// tagged omitempty but always writes nested structs, so a stopped container's body still has them.
import type { BlkioStatEntry } from './cgroup-files.js';
import type { NetworkStats } from './proc-files.js';

export const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface CpuStats {
  cpu_usage: { total_usage: number; percpu_usage?: number[]; usage_in_kernelmode: number; usage_in_usermode: number };
  system_cpu_usage?: number;
  online_cpus?: number;
  throttling_data: { periods: number; throttled_periods: number; throttled_time: number };
}

export interface MemoryStats {
  usage?: number;
  max_usage?: number;
  stats?: Record<string, number>;
  failcnt?: number;
  limit?: number;
}

type BlkioKey = 'io_service_bytes_recursive' | 'io_serviced_recursive' | 'io_queue_recursive' | 'io_service_time_recursive'
  | 'io_wait_time_recursive' | 'io_merged_recursive' | 'io_time_recursive' | 'sectors_recursive';

export type BlkioStats = Record<BlkioKey, BlkioStatEntry[] | null>;

export interface StatsResponse {
  read: string;
  preread: string;
  pids_stats: { current?: number; limit?: number };
  blkio_stats: BlkioStats;
  num_procs: number;
  storage_stats: Record<string, never>;
  cpu_stats: CpuStats;
  precpu_stats: CpuStats;
  memory_stats: MemoryStats;
  name: string;
  id: string;
  networks?: Record<string, NetworkStats>;
}

/** What a sample measures; the rest of the body is framing. */
export interface Sample {
  read: string;
  pids: { current?: number; limit?: number };
  blkio?: BlkioStatEntry[];
  cpu: CpuStats;
  memory: MemoryStats;
  networks?: Record<string, NetworkStats>;
}

export function zeroCpu(): CpuStats {
  return { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
}

function blkio(serviceBytes: BlkioStatEntry[] | undefined): BlkioStats {
  return {
    io_service_bytes_recursive: serviceBytes ?? null,
    io_serviced_recursive: null,
    io_queue_recursive: null,
    io_service_time_recursive: null,
    io_wait_time_recursive: null,
    io_merged_recursive: null,
    io_time_recursive: null,
    sectors_recursive: null,
  };
}

/** A body from a sample, or dockerd's {Name, ID} only body for a container that is not running. */
export function statsBody(container: { id: string; name: string }, sample: Sample | undefined): StatsResponse {
  const networks = sample?.networks;
  return {
    read: sample?.read ?? ZERO_TIME,
    preread: ZERO_TIME,
    pids_stats: sample?.pids ?? {},
    blkio_stats: blkio(sample?.blkio),
    num_procs: 0,
    storage_stats: {},
    cpu_stats: sample?.cpu ?? zeroCpu(),
    precpu_stats: zeroCpu(),
    memory_stats: sample?.memory ?? {},
    name: container.name,
    id: container.id,
    ...(networks !== undefined && Object.keys(networks).length > 0 ? { networks } : {}),
  };
}

/** preread and precpu_stats come from the body sent before (or sampled first, without streaming). */
export function withPrevious(body: StatsResponse, previous: StatsResponse): StatsResponse {
  return { ...body, preread: previous.read, precpu_stats: previous.cpu_stats };
}

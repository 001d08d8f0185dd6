// What resource limits containers can really get, and dockerd's warnings about the rest. With the
// `none` driver every limit is dropped from the OCI spec, so nothing is reported as supported.
import type { EngineFacts } from './facts.js';
import type { ResourceSupport } from './types.js';

export function resourceSupport(cgroup: EngineFacts['cgroup']): ResourceSupport {
  const has = (controller: string): boolean =>
    cgroup.driver !== 'none' && cgroup.controllers.includes(controller);
  return {
    MemoryLimit: has('memory'),
    SwapLimit: has('memory'),
    KernelMemoryTCP: false,
    CpuCfsPeriod: has('cpu'),
    CpuCfsQuota: has('cpu'),
    CPUShares: has('cpu'),
    CPUSet: has('cpuset'),
    PidsLimit: has('pids'),
    OomKillDisable: false,
  };
}

/** dockerd's texts and order (daemon/info_unix.go). */
export function cgroupWarnings(cgroup: EngineFacts['cgroup'], support: ResourceSupport): string[] {
  if (cgroup.driver === 'none') {
    return [
      cgroup.version === '2'
        ? 'WARNING: Running in rootless-mode without cgroups. Systemd is required to enable cgroups in rootless-mode.'
        : 'WARNING: Running in rootless-mode without cgroups. To enable cgroups in rootless-mode, you need to boot the system in cgroup v2 mode.',
    ];
  }
  const warnings: string[] = [];
  if (!support.MemoryLimit) warnings.push('WARNING: No memory limit support');
  if (!support.SwapLimit) warnings.push('WARNING: No swap limit support');
  if (!support.CpuCfsQuota) warnings.push('WARNING: No cpu cfs quota support');
  if (!support.CpuCfsPeriod) warnings.push('WARNING: No cpu cfs period support');
  if (!support.CPUShares) warnings.push('WARNING: No cpu shares support');
  if (!support.CPUSet) warnings.push('WARNING: No cpuset support');
  return warnings;
}


import { capabilitySet } from './capabilities.js';
import type { SpecInput } from './input.js';
import { MASKED_PATHS, READONLY_PATHS, namespaces, rlimits, sysctls } from './linux.js';
import { buildMounts } from './mounts.js';
import type { OciLinux, OciProcess, OciSpec } from './oci-types.js';
import { OCI_VERSION } from './oci-types.js';
import { mergeArgs, mergeEnv, workingDir } from './process-args.js';
import { noNewPrivileges } from './security.js';

export type { CreateConfig, CreateHostConfig, NetworkNamespace, ResolvedUser, SpecInput, Ulimit } from './input.js';
export type { OciMount, OciSpec } from './oci-types.js';
export { resolveUser } from './user.js';

// Seccomp is deliberately absent: Docker's default profile is a large allow-list that would
// have to ship with Burrow as data and track moby's; until then containers run without a
// filter, as with seccomp=unconfined.
export function buildSpec(input: SpecInput): OciSpec {
  const { config, hostConfig } = input;
  const image = input.image.config ?? {};
  const hostname = config.Hostname ?? '';
  const caps = capabilitySet(hostConfig.CapAdd ?? [], hostConfig.CapDrop ?? [], hostConfig.Privileged === true);
  const limits = rlimits(hostConfig);
  const process: OciProcess = {
    terminal: config.Tty === true,
    user: { uid: input.user.uid, gid: input.user.gid, additionalGids: input.user.additionalGids },
    args: mergeArgs(image, config, input.init !== undefined),
    env: mergeEnv(image, config, hostname, input.user),
    cwd: workingDir(image, config),
    capabilities: { bounding: caps, effective: caps, permitted: caps },
    // Without Ulimits the runtime inherits the engine's limits, RLIMIT_NOFILE included, as
    // dockerd's containers inherit dockerd's.
    ...(limits.length > 0 ? { rlimits: limits } : {}),
    noNewPrivileges: noNewPrivileges(hostConfig),
  };
  const sysctl = sysctls(hostConfig, input.network);
  const linux: OciLinux = {
    namespaces: namespaces(input.network),
    ...(hostConfig.Privileged === true ? {} : { maskedPaths: [...MASKED_PATHS], readonlyPaths: [...READONLY_PATHS] }),
    ...(Object.keys(sysctl).length > 0 ? { sysctl } : {}),
    ...(input.cgroupsPath === undefined ? {} : { cgroupsPath: input.cgroupsPath }),
  };
  return {
    ociVersion: OCI_VERSION,
    process,
    root: { path: input.rootfs, readonly: hostConfig.ReadonlyRootfs === true },
    hostname,
    ...(config.Domainname !== undefined && config.Domainname !== '' ? { domainname: config.Domainname } : {}),
    mounts: buildMounts(input),
    linux,
  };
}

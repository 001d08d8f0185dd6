// SecurityOptions as dockerd lists them; `name=rootless` is what clients key on to detect rootless.
import type { EngineFacts } from './facts.js';

/** dockerd's order: apparmor, seccomp, selinux, rootless, cgroupns. */
export function securityOptions(security: EngineFacts['security']): string[] {
  const options: string[] = [];
  if (security.apparmor) options.push('name=apparmor');
  if (security.seccompProfile !== undefined) options.push(`name=seccomp,profile=${security.seccompProfile}`);
  if (security.selinux) options.push('name=selinux');
  options.push('name=rootless');
  if (security.cgroupnsPrivate) options.push('name=cgroupns');
  return options;
}

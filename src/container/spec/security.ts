import type { CreateHostConfig } from './input.js';

// moby's parseSecurityOpt, reduced to what Burrow applies: no LSM (AppArmor/SELinux) runs
// under a rootless engine, so label= and apparmor= are accepted and have no effect, and
// seccomp is not applied at all yet (see buildSpec), so asking for a profile is an error
// rather than a silently unconfined container.
export function noNewPrivileges(hostConfig: CreateHostConfig): boolean {
  let result = false;
  for (const opt of hostConfig.SecurityOpt ?? []) {
    if (opt === 'no-new-privileges') {
      result = true;
      continue;
    }
    const match = /^([^=:]+)[=:](.*)$/.exec(opt);
    if (!match) throw new Error(`Invalid --security-opt 1: "${opt}"`);
    const [, key = '', value = ''] = match;
    switch (key) {
      case 'no-new-privileges':
        if (value !== 'true' && value !== 'false') throw new Error(`invalid --security-opt 2: "${opt}"`);
        result = value === 'true';
        break;
      case 'seccomp':
        if (value !== 'unconfined') throw new Error('seccomp profiles are not supported by Burrow yet; use seccomp=unconfined');
        break;
      case 'label':
      case 'apparmor':
        break;
      default:
        throw new Error(`invalid --security-opt 2: "${opt}"`);
    }
  }
  return result;
}

import type { SpecInput } from '../../../../src/container/spec/index.js';

export function input(overrides: Partial<SpecInput> = {}): SpecInput {
  return {
    image: { rootfs: { type: 'layers', diff_ids: [] }, config: { Cmd: ['sh'], Env: ['PATH=/img/bin'] } },
    config: { Hostname: 'abc123' },
    hostConfig: {},
    rootfs: '/var/lib/burrow/c/rootfs',
    mounts: [],
    etcFiles: { hosts: '/c/hosts', resolvConf: '/c/resolv.conf', hostname: '/c/hostname' },
    network: 'none',
    user: { uid: 0, gid: 0, additionalGids: [] },
    ...overrides,
  };
}

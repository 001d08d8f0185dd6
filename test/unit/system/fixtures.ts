// A fixed engine and host, so /version and /info can be compared field by field.
import type { EngineFacts, HostInfo } from '../../../src/system/index.js';

export const TEST_HOST: HostInfo = {
  kernelVersion: '6.1.0-18-amd64',
  operatingSystem: 'Debian GNU/Linux 12 (bookworm)',
  osVersion: '12',
  machine: 'x86_64',
  goArch: 'amd64',
  ncpu: 4,
  memTotal: 8_254_427_136,
  runtimeVersion: 'node20.20.2',
};

export const TEST_NOW = new Date('2024-05-06T07:08:09.123Z');

export function testFacts(overrides: Partial<EngineFacts> = {}): EngineFacts {
  return {
    burrowVersion: '0.1.0',
    gitCommit: 'bbe2348',
    buildTime: '2024-05-01T00:00:00.000Z',
    id: '1f0b6f37-4a8e-4a4c-9f43-3f3b1b7f7d11',
    name: 'devbox',
    dockerRootDir: '/home/dev/.local/share/docker',
    storage: { driver: 'overlay2', backingFilesystem: 'extfs', status: [['Native Overlay Diff', 'false'], ['userxattr', 'true']] },
    cgroup: { driver: 'none', version: '1', controllers: [] },
    runtimes: { runc: { path: 'runc' } },
    defaultRuntime: 'runc',
    init: { binary: 'docker-init' },
    security: { seccompProfile: 'default', apparmor: false, selinux: false, cgroupnsPrivate: false },
    rootless: { networkDriver: 'slirp4netns', portDriver: 'builtin', stateDir: '/run/user/1000/dockerd-rootless' },
    registry: { insecureRegistries: [], mirrors: [] },
    proxy: { http: '', https: '', no: '' },
    labels: [],
    liveRestore: false,
    debug: false,
    experimental: false,
    ...overrides,
  };
}

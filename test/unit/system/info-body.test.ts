import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE_RELEASE, type EngineFacts } from '../../../src/system/index.js';
import { buildInfoBody, maskCredentials, type InfoSnapshot } from '../../../src/system/info-body.js';
import { TEST_HOST, TEST_NOW, testFacts } from './fixtures.js';

const LIVE: InfoSnapshot = {
  containers: { running: 2, paused: 1, stopped: 3 },
  images: 7,
  openFiles: 23,
  activeHandles: 4,
  now: TEST_NOW,
};

const info = (facts: EngineFacts) => buildInfoBody(facts, TEST_HOST, ENGINE_RELEASE, LIVE);

test('/info for rootless without cgroups on cgroup v1 matches dockerd field by field', () => {
  assert.deepEqual(info(testFacts()), {
    ID: '1f0b6f37-4a8e-4a4c-9f43-3f3b1b7f7d11',
    Containers: 6,
    ContainersRunning: 2,
    ContainersPaused: 1,
    ContainersStopped: 3,
    Images: 7,
    Driver: 'overlay2',
    DriverStatus: [['Backing Filesystem', 'extfs'], ['Native Overlay Diff', 'false'], ['userxattr', 'true']],
    Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'null'], Authorization: null, Log: ['json-file'] },
    MemoryLimit: false,
    SwapLimit: false,
    KernelMemoryTCP: false,
    CpuCfsPeriod: false,
    CpuCfsQuota: false,
    CPUShares: false,
    CPUSet: false,
    PidsLimit: false,
    OomKillDisable: false,
    IPv4Forwarding: true,
    Debug: false,
    NFd: 23,
    NGoroutines: 4,
    SystemTime: '2024-05-06T07:08:09.123Z',
    LoggingDriver: 'json-file',
    CgroupDriver: 'none',
    CgroupVersion: '1',
    NEventsListener: 0,
    KernelVersion: '6.1.0-18-amd64',
    OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    OSVersion: '12',
    OSType: 'linux',
    Architecture: 'x86_64',
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: {
      AllowNondistributableArtifactsCIDRs: [],
      AllowNondistributableArtifactsHostnames: [],
      InsecureRegistryCIDRs: ['127.0.0.0/8'],
      IndexConfigs: { 'docker.io': { Name: 'docker.io', Mirrors: [], Secure: true, Official: true } },
      Mirrors: [],
    },
    NCPU: 4,
    MemTotal: 8_254_427_136,
    GenericResources: null,
    DockerRootDir: '/home/dev/.local/share/docker',
    HttpProxy: '',
    HttpsProxy: '',
    NoProxy: '',
    Name: 'devbox',
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: '24.0.9',
    Runtimes: { runc: { path: 'runc' } },
    DefaultRuntime: 'runc',
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    LiveRestoreEnabled: false,
    Isolation: '',
    InitBinary: 'docker-init',
    ContainerdCommit: { ID: 'N/A', Expected: 'N/A' },
    RuncCommit: { ID: 'N/A', Expected: 'N/A' },
    InitCommit: { ID: 'N/A', Expected: 'N/A' },
    SecurityOptions: ['name=seccomp,profile=default', 'name=rootless'],
    Warnings: [
      'WARNING: Running in rootless-mode without cgroups. To enable cgroups in rootless-mode, you need to boot the system in cgroup v2 mode.',
    ],
  });
});

test('cgroup v2 without systemd warns that systemd is required', () => {
  const body = info(testFacts({ cgroup: { driver: 'none', version: '2', controllers: ['cpu', 'memory', 'pids'] } }));
  assert.deepEqual(body.Warnings, [
    'WARNING: Running in rootless-mode without cgroups. Systemd is required to enable cgroups in rootless-mode.',
  ]);
  assert.equal(body.MemoryLimit, false, 'limits are dropped with the none driver even if controllers exist');
});

test('the systemd driver reports delegated controllers and warns about the rest in dockerd order', () => {
  const body = info(testFacts({ cgroup: { driver: 'systemd', version: '2', controllers: ['memory', 'pids'] } }));
  assert.equal(body.CgroupDriver, 'systemd');
  assert.deepEqual(
    [body.MemoryLimit, body.SwapLimit, body.CpuCfsQuota, body.CpuCfsPeriod, body.CPUShares, body.CPUSet, body.PidsLimit],
    [true, true, false, false, false, false, true],
  );
  assert.deepEqual(body.Warnings, [
    'WARNING: No cpu cfs quota support',
    'WARNING: No cpu cfs period support',
    'WARNING: No cpu shares support',
    'WARNING: No cpuset support',
  ]);
  const full = info(testFacts({ cgroup: { driver: 'systemd', version: '2', controllers: ['cpu', 'cpuset', 'memory', 'pids', 'io'] } }));
  assert.deepEqual(full.Warnings, []);
});

test('security options follow dockerd order and include cgroupns only when private by default', () => {
  const all = info(testFacts({ security: { seccompProfile: 'default', apparmor: true, selinux: true, cgroupnsPrivate: true } }));
  assert.deepEqual(all.SecurityOptions, [
    'name=apparmor',
    'name=seccomp,profile=default',
    'name=selinux',
    'name=rootless',
    'name=cgroupns',
  ]);
  const bare = info(testFacts({ security: { apparmor: false, selinux: false, cgroupnsPrivate: false } }));
  assert.deepEqual(bare.SecurityOptions, ['name=rootless']);
});

test('insecure registries split into CIDRs and index configs; mirrors reach docker.io', () => {
  const body = info(
    testFacts({
      registry: {
        insecureRegistries: ['10.0.0.0/8', 'fd00::/8', 'registry.lan:5000', '127.0.0.0/8', '10.0.0.0/33', 'not-a-cidr/x'],
        mirrors: ['https://mirror.example.com/'],
      },
    }),
  );
  assert.deepEqual(body.RegistryConfig.InsecureRegistryCIDRs, ['127.0.0.0/8', '10.0.0.0/8', 'fd00::/8']);
  assert.deepEqual(body.RegistryConfig.IndexConfigs, {
    'docker.io': { Name: 'docker.io', Mirrors: ['https://mirror.example.com/'], Secure: true, Official: true },
    'registry.lan:5000': { Name: 'registry.lan:5000', Mirrors: [], Secure: false, Official: false },
    '10.0.0.0/33': { Name: '10.0.0.0/33', Mirrors: [], Secure: false, Official: false },
    'not-a-cidr/x': { Name: 'not-a-cidr/x', Mirrors: [], Secure: false, Official: false },
  });
  assert.deepEqual(body.RegistryConfig.Mirrors, ['https://mirror.example.com/']);
});

test('runtime and init commits come from their versions; all runtimes are listed by path', () => {
  const body = info(
    testFacts({
      runtimes: { runc: { path: '/usr/sbin/runc', version: { version: '1.1.5', commit: 'v1.1.5-0-gf19387a' } }, crun: { path: '/usr/bin/crun' } },
      init: { binary: 'docker-init', version: { version: '0.19.0', commit: 'de40ad0' } },
    }),
  );
  assert.deepEqual(body.Runtimes, { runc: { path: '/usr/sbin/runc' }, crun: { path: '/usr/bin/crun' } });
  assert.deepEqual(body.RuncCommit, { ID: 'v1.1.5-0-gf19387a', Expected: 'v1.1.5-0-gf19387a' });
  assert.deepEqual(body.InitCommit, { ID: 'de40ad0', Expected: 'de40ad0' });
  assert.equal(info(testFacts({ init: undefined })).InitBinary, '');
});

test('proxy credentials are masked as dockerd masks them', () => {
  const cases: [string, string][] = [
    ['http://user:secret@proxy.lan:3128', 'http://xxxxx:xxxxx@proxy.lan:3128'],
    ['https://token@proxy.lan', 'https://xxxxx:xxxxx@proxy.lan'],
    ['http://proxy.lan:3128', 'http://proxy.lan:3128'],
    ['', ''],
  ];
  for (const [raw, masked] of cases) assert.equal(maskCredentials(raw), masked, raw);
  const body = info(testFacts({ proxy: { http: 'http://u:p@p:1', https: 'http://p:2', no: 'localhost,.lan' } }));
  assert.deepEqual([body.HttpProxy, body.HttpsProxy, body.NoProxy], ['http://xxxxx:xxxxx@p:1', 'http://p:2', 'localhost,.lan']);
});

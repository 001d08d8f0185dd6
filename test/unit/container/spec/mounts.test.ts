import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec } from '../../../../src/container/spec/index.js';
import { input } from './fixture.js';

const find = (spec: ReturnType<typeof buildSpec>, dest: string) => spec.mounts.find((m) => m.destination === dest);

test('default mounts: devpts without gid=5, shm 64m, no cgroup without cgroups', () => {
  const spec = buildSpec(input());
  assert.deepEqual(spec.mounts.slice(0, 6).map((m) => m.destination), ['/proc', '/dev', '/dev/pts', '/sys', '/dev/mqueue', '/dev/shm']);
  assert.deepEqual(find(spec, '/dev/pts')?.options, ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620']);
  assert.ok(find(spec, '/dev/shm')?.options?.includes('size=67108864'));
  assert.equal(find(spec, '/sys/fs/cgroup'), undefined);
  assert.equal(spec.linux.cgroupsPath, undefined);
  const withCgroup = buildSpec(input({ cgroupsPath: '/burrow/abc' }));
  assert.equal(find(withCgroup, '/sys/fs/cgroup')?.type, 'cgroup');
  assert.equal(withCgroup.linux.cgroupsPath, '/burrow/abc');
});

test('ShmSize sets the /dev/shm size', () => {
  const spec = buildSpec(input({ hostConfig: { ShmSize: 1048576 } }));
  assert.deepEqual(find(spec, '/dev/shm')?.options, ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=1048576']);
});

test('--tmpfs options merge over moby\'s defaults', () => {
  const spec = buildSpec(input({ hostConfig: { Tmpfs: { '/run': 'exec,size=64m,size=32m', '/tmp': '' } } }));
  assert.deepEqual(find(spec, '/run'), { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'rprivate', 'exec', 'size=32m'] });
  assert.deepEqual(find(spec, '/tmp')?.options, ['nosuid', 'noexec', 'nodev', 'rprivate']);
  const shared = buildSpec(input({ hostConfig: { Tmpfs: { '/x': 'ro,rshared,defaults,mode=1777' } } }));
  assert.deepEqual(find(shared, '/x')?.options, ['nosuid', 'noexec', 'nodev', 'ro', 'rshared', 'mode=1777']);
  assert.throws(() => buildSpec(input({ hostConfig: { Tmpfs: { '/x': 'bogus' } } })), /Invalid tmpfs option "bogus"/);
  assert.throws(() => buildSpec(input({ hostConfig: { Tmpfs: { '/x': 'color=red' } } })), /Invalid tmpfs option/);
});

test('read-only rootfs makes root and the /etc files read-only', () => {
  const spec = buildSpec(input({ hostConfig: { ReadonlyRootfs: true } }));
  assert.deepEqual(spec.root, { path: '/var/lib/burrow/c/rootfs', readonly: true });
  assert.deepEqual(find(spec, '/etc/hosts'), { destination: '/etc/hosts', type: 'bind', source: '/c/hosts', options: ['rbind', 'rprivate', 'ro'] });
  assert.deepEqual(find(buildSpec(input()), '/etc/resolv.conf')?.options, ['rbind', 'rprivate']);
  assert.equal(buildSpec(input()).root.readonly, false);
});

test('user mounts replace defaults and /etc files, sorted parents first', () => {
  const spec = buildSpec(input({
    mounts: [
      { destination: '/data/sub', type: 'bind', source: '/h/sub', options: ['rbind'] },
      { destination: '/data', type: 'bind', source: '/h/data', options: ['rbind'] },
      { destination: '/dev/shm', type: 'bind', source: '/h/shm', options: ['rbind'] },
      { destination: '/etc/resolv.conf', type: 'bind', source: '/h/resolv', options: ['rbind', 'ro'] },
    ],
  }));
  const dests = spec.mounts.map((m) => m.destination);
  assert.equal(dests.filter((d) => d === '/dev/shm').length, 1);
  assert.equal(find(spec, '/dev/shm')?.source, '/h/shm');
  assert.equal(find(spec, '/etc/resolv.conf')?.source, '/h/resolv');
  assert.ok(dests.indexOf('/data') < dests.indexOf('/data/sub'));
});

test('network modes: namespaces, /sys and sysctls', () => {
  const host = buildSpec(input({ network: { path: '/proc/7/ns/net', host: true } }));
  assert.deepEqual(host.linux.namespaces.at(-1), { type: 'network', path: '/proc/7/ns/net' });
  assert.deepEqual(find(host, '/sys'), { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] });
  const none = buildSpec(input({ network: 'none' }));
  assert.deepEqual(none.linux.namespaces.at(-1), { type: 'network' });
  assert.deepEqual(find(none, '/sys'), { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] });
  const joined = buildSpec(input({ network: { path: '/run/netns/c1' }, hostConfig: { Sysctls: { 'net.ipv4.ip_forward': '1' } } }));
  assert.deepEqual(joined.linux.namespaces.at(-1), { type: 'network', path: '/run/netns/c1' });
  assert.deepEqual(joined.linux.sysctl, { 'net.ipv4.ip_forward': '1' });
  assert.ok(!joined.linux.namespaces.some((n) => n.type === 'user'));
  assert.throws(() => buildSpec(input({ network: { path: '/proc/7/ns/net', host: true }, hostConfig: { Sysctls: { 'net.core.somaxconn': '1' } } })), /not allowed in host network mode/);
  assert.equal(buildSpec(input({ network: { path: '/proc/7/ns/net' } })).linux.sysctl, undefined);
});

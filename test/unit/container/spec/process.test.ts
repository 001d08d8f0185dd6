import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec } from '../../../../src/container/spec/index.js';
import { input } from './fixture.js';

const image = (Entrypoint: string[] | null, Cmd: string[] | null) => ({ rootfs: { type: 'layers', diff_ids: [] }, config: { Entrypoint, Cmd } });

test('args merge Entrypoint and Cmd as docker does', () => {
  const cases: { name: string; img: [string[] | null, string[] | null]; ep?: string[] | null; cmd?: string[] | null; want: string[] }[] = [
    { name: 'image only', img: [['/ep'], ['a']], want: ['/ep', 'a'] },
    { name: 'cmd replaces image cmd', img: [['/ep'], ['a']], cmd: ['b'], want: ['/ep', 'b'] },
    { name: 'entrypoint resets image cmd', img: [['/ep'], ['a']], ep: ['/x'], want: ['/x'] },
    { name: 'entrypoint and cmd', img: [['/ep'], ['a']], ep: ['/x'], cmd: ['y'], want: ['/x', 'y'] },
    { name: 'empty entrypoint resets it, keeps image cmd', img: [['/ep'], ['a']], ep: [], want: ['a'] },
    { name: 'empty cmd falls back', img: [null, ['a']], cmd: [], want: ['a'] },
  ];
  for (const c of cases) {
    const spec = buildSpec(input({ image: image(...c.img), config: { Entrypoint: c.ep, Cmd: c.cmd } }));
    assert.deepEqual(spec.process.args, c.want, c.name);
  }
});

test('no command at all is moby\'s error', () => {
  assert.throws(() => buildSpec(input({ image: image(null, null) })), /No command specified/);
});

test('env: defaults, image then container overriding by key, unset, HOME, TERM', () => {
  const spec = buildSpec(input({
    image: { rootfs: { type: 'layers', diff_ids: [] }, config: { Cmd: ['sh'], Env: ['A=1', 'B=2'] } },
    config: { Hostname: 'h1', Env: ['B=3', 'C=4', 'A'], Tty: true },
    user: { uid: 1000, gid: 1000, additionalGids: [], home: '/home/u' },
  }));
  assert.deepEqual(spec.process.env, [
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=h1', 'TERM=xterm', 'B=3', 'C=4', 'HOME=/home/u',
  ]);
  assert.equal(spec.process.terminal, true);
});

test('env: image PATH wins over the default, HOME defaults to / and is not duplicated', () => {
  const plain = buildSpec(input());
  assert.deepEqual(plain.process.env, ['PATH=/img/bin', 'HOSTNAME=abc123', 'HOME=/']);
  assert.equal(plain.process.terminal, false);
  const own = buildSpec(input({ config: { Env: ['HOME=/x'] } }));
  assert.deepEqual(own.process.env.filter((e) => e.startsWith('HOME=')), ['HOME=/x']);
});

test('cwd: container, then image, then /', () => {
  const withImage = { rootfs: { type: 'layers', diff_ids: [] }, config: { Cmd: ['sh'], WorkingDir: '/img' } };
  assert.equal(buildSpec(input()).process.cwd, '/');
  assert.equal(buildSpec(input({ image: withImage })).process.cwd, '/img');
  assert.equal(buildSpec(input({ image: withImage, config: { WorkingDir: '/data' } })).process.cwd, '/data');
});

test('init is bound read-only and runs the command', () => {
  const spec = buildSpec(input({ init: '/usr/bin/catatonit' }));
  assert.deepEqual(spec.process.args, ['/sbin/docker-init', '--', 'sh']);
  assert.deepEqual(spec.mounts.find((m) => m.destination === '/sbin/docker-init'), {
    destination: '/sbin/docker-init', type: 'bind', source: '/usr/bin/catatonit', options: ['bind', 'ro'],
  });
});

test('user, hostname and domainname go into the spec', () => {
  const spec = buildSpec(input({ config: { Hostname: 'h', Domainname: 'example.org' }, user: { uid: 5, gid: 6, additionalGids: [7] } }));
  assert.deepEqual(spec.process.user, { uid: 5, gid: 6, additionalGids: [7] });
  assert.equal(spec.hostname, 'h');
  assert.equal(spec.domainname, 'example.org');
});

test('ulimits become rlimits; none leaves inheritance to the runtime', () => {
  assert.equal(buildSpec(input()).process.rlimits, undefined);
  const spec = buildSpec(input({ hostConfig: { Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }, { Name: 'NPROC', Soft: 10, Hard: 10 }] } }));
  assert.deepEqual(spec.process.rlimits, [
    { type: 'RLIMIT_NOFILE', soft: 1024, hard: 2048 }, { type: 'RLIMIT_NPROC', soft: 10, hard: 10 },
  ]);
  assert.throws(() => buildSpec(input({ hostConfig: { Ulimits: [{ Name: 'bogus', Soft: 1, Hard: 1 }] } })), /invalid ulimit type/);
  assert.throws(() => buildSpec(input({ hostConfig: { Ulimits: [{ Name: 'core', Soft: 2, Hard: 1 }] } })), /soft limit/);
});

test('security options', () => {
  assert.equal(buildSpec(input()).process.noNewPrivileges, false);
  assert.equal(buildSpec(input({ hostConfig: { SecurityOpt: ['no-new-privileges'] } })).process.noNewPrivileges, true);
  assert.equal(buildSpec(input({ hostConfig: { SecurityOpt: ['no-new-privileges:true', 'seccomp=unconfined'] } })).process.noNewPrivileges, true);
  assert.throws(() => buildSpec(input({ hostConfig: { SecurityOpt: ['seccomp=/p.json'] } })), /seccomp/);
  assert.throws(() => buildSpec(input({ hostConfig: { SecurityOpt: ['bogus'] } })), /Invalid --security-opt/);
});

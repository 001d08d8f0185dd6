import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveUser } from '../../../../src/container/spec/index.js';

let dir = '';
let rootfs = '';

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'burrow-spec-user-'));
  rootfs = path.join(dir, 'rootfs');
  await mkdir(path.join(rootfs, 'etc'), { recursive: true });
  await writeFile(path.join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\nbob:x:1001:1001::/home/bob:/bin/sh\n2000:x:3000:3000::/n:/bin/sh\n');
  await writeFile(path.join(rootfs, 'etc/group'), 'root:x:0:\nalice:x:1000:\nbob:x:1001:\nstaff:x:50:alice,bob\nwheel:x:10:alice\n');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('names, numeric ids and groups resolve through passwd and group', async () => {
  const cases: { user: string; add?: string[]; want: Awaited<ReturnType<typeof resolveUser>> }[] = [
    { user: '', want: { uid: 0, gid: 0, additionalGids: [], home: '/root' } },
    { user: 'alice', want: { uid: 1000, gid: 1000, additionalGids: [50, 10], home: '/home/alice' } },
    { user: '1001', want: { uid: 1001, gid: 1001, additionalGids: [50], home: '/home/bob' } },
    { user: 'alice:staff', want: { uid: 1000, gid: 50, additionalGids: [], home: '/home/alice' } },
    { user: '1000:2000', want: { uid: 1000, gid: 2000, additionalGids: [], home: '/home/alice' } },
    { user: '2000', want: { uid: 2000, gid: 0, additionalGids: [] } },
    { user: '4242', want: { uid: 4242, gid: 0, additionalGids: [] } },
    { user: '4242:4343', add: ['wheel', '77'], want: { uid: 4242, gid: 4343, additionalGids: [10, 77] } },
  ];
  for (const c of cases) assert.deepEqual(await resolveUser(c.user, rootfs, c.add), c.want, c.user);
});

test('missing user and group are moby\'s errors', async () => {
  await assert.rejects(resolveUser('xyz', rootfs), { message: 'unable to find user xyz: no matching entries in passwd file' });
  await assert.rejects(resolveUser('alice:abc', rootfs), { message: 'unable to find group abc: no matching entries in group file' });
  await assert.rejects(resolveUser('alice', rootfs, ['abc']), { message: 'unable to find group abc: no matching entries in group file' });
});

test('no passwd file: numeric ids still work', async () => {
  const empty = path.join(dir, 'empty');
  await mkdir(empty);
  assert.deepEqual(await resolveUser('1000:1000', empty), { uid: 1000, gid: 1000, additionalGids: [] });
  await assert.rejects(resolveUser('alice', empty), /unable to find user alice/);
});

test('a symlinked /etc/passwd pointing outside the rootfs is resolved inside it', async () => {
  const outside = path.join(dir, 'outside');
  await mkdir(outside);
  await writeFile(path.join(outside, 'passwd'), 'evil:x:0:0::/:/bin/sh\n');
  const evil = path.join(dir, 'evil');
  await mkdir(path.join(evil, 'etc'), { recursive: true });
  await symlink(path.join(outside, 'passwd'), path.join(evil, 'etc/passwd'));
  await assert.rejects(resolveUser('evil', evil), /unable to find user evil/);
  const relative = path.join(dir, 'relative');
  await mkdir(path.join(relative, 'etc'), { recursive: true });
  await symlink('../../../outside/passwd', path.join(relative, 'etc/passwd'));
  await assert.rejects(resolveUser('evil', relative), /unable to find user evil/);
});

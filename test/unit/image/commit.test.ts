import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { packTar } from '../../../src/archive/tar-writer.js';
import type { Logger } from '../../../src/base/log.js';
import { commitConfigs, commitReference, mergeConfig } from '../../../src/image/commit.js';
import { createImageApi } from '../../../src/image/index.js';

const BUSYBOX = { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] };

test('the container config fills in what the commit config leaves unset (dockerd merge)', () => {
  const merged = mergeConfig(
    { Env: ['A=1', 'PATH=/x'], ExposedPorts: { '80/tcp': {} }, Labels: { keep: 'mine' }, Volumes: { '/v': {} } },
    { User: 'nobody', Env: ['PATH=/bin', 'B=2'], ExposedPorts: { '53/udp': {} }, Labels: { keep: 'base', extra: 'e' }, Cmd: ['sh'], WorkingDir: '/w', Volumes: { '/b': {} }, StopSignal: 'SIGINT' },
  );
  assert.deepEqual(merged, {
    User: 'nobody',
    Env: ['A=1', 'PATH=/x', 'B=2'],
    ExposedPorts: { '53/udp': {}, '80/tcp': {} },
    Labels: { keep: 'mine', extra: 'e' },
    Cmd: ['sh'],
    Entrypoint: null,
    WorkingDir: '/w',
    Volumes: { '/v': {}, '/b': {} },
    StopSignal: 'SIGINT',
  });
});

test('an entrypoint of its own keeps the base Cmd out; an empty Cmd with no entrypoint takes it', () => {
  assert.deepEqual(mergeConfig({ Entrypoint: ['/e'] }, { Cmd: ['sh'], Entrypoint: ['/b'] }).Cmd, undefined);
  const noEntry = mergeConfig({ Cmd: [] }, { Cmd: ['sh'], Entrypoint: ['/b'] });
  assert.deepEqual([noEntry.Cmd, noEntry.Entrypoint], [['sh'], ['/b']]);
});

test('--change applies to the container config, then the merge (moby TestCommitChange)', () => {
  const { config, containerConfig } = commitConfigs({ Cmd: ['true'], Image: 'busybox', Hostname: 'abcdef012345' }, BUSYBOX, undefined, [
    'EXPOSE 8080', 'ENV DEBUG true', 'ENV test 1', 'ENV PATH /foo', 'LABEL foo bar', 'CMD ["/bin/sh"]', 'WORKDIR /opt',
    'ENTRYPOINT ["/bin/sh"]', 'USER testuser', 'VOLUME /var/lib/docker', 'ONBUILD /usr/local/bin/python-build --dir /app/src',
  ]);
  assert.deepEqual(config.ExposedPorts, { '8080/tcp': {} });
  assert.deepEqual(config.Env, ['PATH=/foo', 'DEBUG=true', 'test=1']);
  assert.deepEqual(config.Labels, { foo: 'bar' });
  assert.deepEqual([config.Cmd, config.Entrypoint, config.WorkingDir, config.User], [['/bin/sh'], ['/bin/sh'], '/opt', 'testuser']);
  assert.deepEqual(config.Volumes, { '/var/lib/docker': {} });
  assert.deepEqual(config.OnBuild, ['/usr/local/bin/python-build --dir /app/src']);
  assert.deepEqual(containerConfig.Cmd, ['true'], 'the container config is recorded as it ran');
  assert.deepEqual(Object.keys(config).slice(0, 8), ['Hostname', 'Domainname', 'User', 'AttachStdin', 'AttachStdout', 'AttachStderr', 'ExposedPorts', 'Tty']);
});

test('a config in the body replaces the container\'s, and is completed from it', () => {
  const { config } = commitConfigs({ Cmd: ['true'], Env: ['X=1'] }, BUSYBOX, { Cmd: ['echo', 'body'] }, ['LABEL a=b']);
  assert.deepEqual([config.Cmd, config.Env, config.Labels], [['echo', 'body'], ['X=1', BUSYBOX.Env[0]], { a: 'b' }]);
});

test('repo and tag: none, latest by default, a digest refused', () => {
  assert.equal(commitReference('', 'x'), undefined);
  assert.equal(commitReference('myimg', '')?.tag, 'latest');
  assert.equal(commitReference('myimg', '1')?.tag, '1');
  assert.throws(() => commitReference(`myimg@sha256:${'a'.repeat(64)}`, ''), /^InvalidParameterError: cannot import digest reference$/);
});

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, isDebug: () => false, child: () => quiet };

function tarOf(...files: [string, string][]): Readable {
  return packTar(files.map(([name, body]) => ({ header: { name, type: 'file' as const, mode: 0o644, size: body.length, mtime: 1700000000 }, body: Readable.from([Buffer.from(body)]) })));
}

test('commit stacks a layer on the parent image, records history and tags; no changes add no layer', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'burrow-commit-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const images = createImageApi({ logger: quiet, dataRoot: dir, storageDriver: 'vfs', insecureRegistries: [], registryMirrors: [], certsDir: join(dir, 'certs.d') });
  const base = await images.importImage(tarOf(['bin/sh', '#!']), { repo: 'base', tag: '', changes: ['CMD ["sh"]'], message: '', platform: '' });
  const request = { container: { id: 'c'.repeat(64), config: { Cmd: ['sh', '-c', 'echo hi > /hello'], Image: 'base' } }, image: base, config: undefined, changes: ['CMD ["cat","/hello"]'], author: 'me', comment: 'why', repo: 'myimg', tag: '1' };
  const id = await images.commit({ ...request, layer: tarOf(['hello', 'hi\n']) });
  const inspect = await images.inspect('myimg:1') as { Id: string; RootFS: { Layers: string[] }; Config: { Cmd: string[] }; Author: string };
  assert.equal(inspect.Id, id);
  assert.equal(inspect.RootFS.Layers.length, 2);
  assert.deepEqual(inspect.Config.Cmd, ['cat', '/hello']);
  assert.equal(inspect.Author, 'me');
  const history = await images.history('myimg:1');
  assert.deepEqual([history[0]?.Id, history[0]?.CreatedBy, history[0]?.Comment, history[0]?.Tags], [id, 'sh -c echo hi > /hello', 'why', ['myimg:1']]);
  assert.ok((history[0]?.Size ?? 0) > 0);

  const empty = await images.commit({ ...request, repo: 'myimg', tag: '', layer: packTar([]) });
  assert.notEqual(empty, base);
  const emptyInspect = await images.inspect('myimg') as { RootFS: { Layers: string[] } };
  assert.equal(emptyInspect.RootFS.Layers.length, 1, 'an empty diff is no layer');
  assert.equal((await images.history('myimg'))[0]?.Size, 0);

  await assert.rejects(images.commit({ ...request, image: `sha256:${'f'.repeat(64)}`, layer: packTar([]) }), /^NotFoundError: No such image: sha256:f{64}$/);
  assert.equal((await images.remove('myimg:1', { force: false, noprune: false })).some((i) => 'Deleted' in i && i.Deleted === id), true);
});

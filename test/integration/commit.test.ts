// docker diff and docker commit through the real docker CLI (#5): the change list as docker
// prints it, and a committed image that runs, keeps deletions and stacks one layer on its parent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUSYBOX, fixtureSkip, dockerSuite } from './harness.js';

describe('diff and commit', { skip: fixtureSkip, timeout: 300_000 }, () => {
  const suite = dockerSuite();
  const { docker } = suite;

  test('docker diff lists additions, deletions and their parents, not the engine\'s mount points', async () => {
    const r = await docker(['run', '--name', 'ctr', '-v', '/data', BUSYBOX, 'sh', '-c', 'echo hello > /hello; mkdir -p /tmp/sub; touch /tmp/sub/f; rm /bin/wget']);
    assert.equal(r.code, 0, r.stderr);
    const diff = await docker(['diff', 'ctr']);
    assert.equal(diff.code, 0, diff.stderr);
    assert.equal(diff.stdout, 'C /bin\nD /bin/wget\nA /hello\nC /tmp\nA /tmp/sub\nA /tmp/sub/f\n');
    const missing = await docker(['diff', 'nosuch']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim(), 'Error response from daemon: No such container: nosuch');
  });

  test('docker commit makes a runnable image with the change applied, the deletion kept and one more layer', async () => {
    const c = await docker(['commit', '-c', 'CMD ["cat","/hello"]', '-m', 'my message', '-a', 'me', 'ctr', 'myimg:1']);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /^sha256:[a-f0-9]{64}\n$/);
    const run = await docker(['run', '--rm', 'myimg:1']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'hello\n');
    const gone = await docker(['run', '--rm', 'myimg:1', 'sh', '-c', 'test -e /bin/wget && echo present || echo absent; ls /tmp/sub']);
    assert.equal(gone.stdout, 'absent\nf\n');
    const history = await docker(['history', '--no-trunc', '--format', '{{.ID}}|{{.CreatedBy}}|{{.Comment}}', 'myimg:1']);
    const [top, ...rest] = history.stdout.trim().split('\n');
    assert.equal(top, `${c.stdout.trim()}|sh -c echo hello > /hello; mkdir -p /tmp/sub; touch /tmp/sub/f; rm /bin/wget|my message`);
    const parent = await docker(['history', '-q', BUSYBOX]);
    assert.equal(rest.length, parent.stdout.trim().split('\n').length, 'the parent\'s history lies below');
    const layers = async (ref: string): Promise<number> => (JSON.parse((await docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', ref])).stdout) as string[]).length;
    assert.equal(await layers('myimg:1'), (await layers(BUSYBOX)) + 1);
    const author = await docker(['image', 'inspect', '--format', '{{.Author}} {{json .Config.Cmd}}', 'myimg:1']);
    assert.equal(author.stdout.trim(), 'me ["cat","/hello"]');
  });

  test('a container with no changes commits to a new image without a new layer; repo alone tags latest', async () => {
    assert.equal((await docker(['run', '--name', 'still', BUSYBOX, 'true'])).code, 0);
    assert.equal((await docker(['diff', 'still'])).stdout, '');
    const c = await docker(['commit', 'still', 'stillimg']);
    assert.equal(c.code, 0, c.stderr);
    const layers = await docker(['image', 'inspect', '--format', '{{len .RootFS.Layers}}', 'stillimg:latest', BUSYBOX]);
    const [mine, base] = layers.stdout.trim().split('\n');
    assert.equal(mine, base);
    const missing = await docker(['commit', 'nosuch', 'x']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim(), 'Error response from daemon: No such container: nosuch');
    assert.equal((await docker(['rm', 'still'])).code, 0);
    assert.equal((await docker(['rmi', 'stillimg'])).code, 0);
  });

  test('docker rmi removes a committed image once its containers are gone', async () => {
    assert.equal((await docker(['run', '--name', 'user', 'myimg:1'])).code, 0);
    const refused = await docker(['rmi', 'myimg:1']);
    assert.notEqual(refused.code, 0);
    assert.equal((await docker(['rm', 'user', 'ctr'])).code, 0);
    const rmi = await docker(['rmi', 'myimg:1']);
    assert.equal(rmi.code, 0, rmi.stderr);
    assert.match(rmi.stdout, /^Untagged: myimg:1\nDeleted: sha256:[a-f0-9]{64}\nDeleted: sha256:[a-f0-9]{64}\n$/);
    const run = await docker(['run', '--rm', BUSYBOX, 'true']);
    assert.equal(run.code, 0, 'the parent image is intact');
  });
});

describe('diff and commit with the vfs driver', { skip: fixtureSkip, timeout: 300_000 }, () => {
  const suite = dockerSuite(['--storage-driver', 'vfs']);
  const { docker } = suite;

  test('the changes come from comparing the container\'s copy with the image, and commit the same way', async () => {
    assert.equal((await docker(['run', '--name', 'ctr', BUSYBOX, 'sh', '-c', 'echo hello > /hello; rm /bin/wget'])).code, 0);
    assert.equal((await docker(['diff', 'ctr'])).stdout, 'C /bin\nD /bin/wget\nA /hello\n');
    assert.equal((await docker(['commit', '-c', 'CMD ["cat","/hello"]', 'ctr', 'myimg:1'])).code, 0);
    const run = await docker(['run', '--rm', 'myimg:1', 'sh', '-c', 'cat /hello; test -e /bin/wget || echo absent']);
    assert.equal(run.stdout, 'hello\nabsent\n');
  });

  // vfs makes removal slow enough that --rm used to delete the log before the attached reader's
  // last poll (1 run in 6 printed nothing)
  test('docker run --rm prints all of a short-lived container\'s output, every time', async () => {
    const outputs = [];
    for (let i = 0; i < 30; i++) outputs.push((await docker(['run', '--rm', BUSYBOX, 'sh', '-c', `echo run ${i}; echo done`])).stdout);
    assert.deepEqual(outputs, outputs.map((_, i) => `run ${i}\ndone\n`));
  });
});

// The container lifecycle through dockerode, which drives the Engine API its own way: hijacked
// attach with stdin, demultiplexed logs, exec with inspect, filters as JSON, volumes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { BUSYBOX, fixtureSkip, runTool, startDaemon, type TestDaemon } from './harness.js';


/** Both streams of a multiplexed body, apart. */
async function demux(docker: Docker, stream: NodeJS.ReadableStream): Promise<{ out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (b: Buffer) => (o += b.toString()));
  err.on('data', (b: Buffer) => (e += b.toString()));
  docker.modem.demuxStream(stream, out, err);
  await new Promise((resolve) => stream.on('end', resolve));
  return { out: o, err: e };
}

describe('dockerode', { skip: fixtureSkip, timeout: 180_000 }, () => {
  let d: TestDaemon;
  let docker: Docker;
  before(async () => {
    d = await startDaemon();
    docker = new Docker({ socketPath: d.sock });
    const pulled = await runTool('docker', ['pull', '-q', BUSYBOX], d.env, 120_000);
    assert.equal(pulled.code, 0, pulled.stderr);
  });
  after(async () => {
    await d.cleanup();
  });

  test('create, start, wait and logs: the exit code and the two streams', async () => {
    const c = await docker.createContainer({ Image: BUSYBOX, Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 2'], Labels: { suite: 'dockerode' } });
    await c.start();
    assert.deepEqual(await c.wait(), { StatusCode: 2, Error: null });
    const logs = await c.logs({ stdout: true, stderr: true, follow: true });
    assert.deepEqual(await demux(docker, logs), { out: 'out\n', err: 'err\n' });
    const listed = await docker.listContainers({ all: true, filters: { label: ['suite=dockerode'] } });
    assert.deepEqual(listed.map((x) => x.Id), [c.id]);
    assert.equal(listed[0]?.State, 'exited');
    await c.remove();
    await assert.rejects(c.inspect(), (err: { statusCode?: number }) => err.statusCode === 404);
  });

  test('a wait for removal of a container that never ran ends when it is removed', async () => {
    const c = await docker.createContainer({ Image: BUSYBOX, Cmd: ['true'] });
    const waiting = c.wait({ condition: 'removed' }) as Promise<unknown>;
    await new Promise((r) => setTimeout(r, 200));
    await c.remove();
    assert.deepEqual(await waiting, { StatusCode: 0, Error: null });
  });

  test('attach with stdin (hijack) before start, as docker run -i does', async () => {
    const c = await docker.createContainer({ Image: BUSYBOX, Cmd: ['sh', '-c', 'read line; echo "got $line"'], OpenStdin: true, StdinOnce: true, AttachStdin: true, AttachStdout: true });
    const stream = await c.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
    const output = demux(docker, stream);
    await c.start();
    stream.write('typed\n');
    assert.equal((await output).out, 'got typed\n');
    assert.deepEqual(await c.wait() as unknown, { StatusCode: 0, Error: null });
    await c.remove();
  });

  test('exec: output, then the exit code from inspect', async () => {
    const c = await docker.createContainer({ Image: BUSYBOX, Cmd: ['sleep', '60'] });
    await c.start();
    const exec = await c.exec({ Cmd: ['sh', '-c', 'echo in-exec; exit 6'], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    assert.equal((await demux(docker, stream)).out, 'in-exec\n');
    const info = await exec.inspect();
    assert.equal(info.ExitCode, 6);
    assert.equal(info.Running, false);
    await c.remove({ force: true });
  });

  test('a named volume created through the API keeps data between containers', async () => {
    await docker.createVolume({ Name: 'dockerode-data', Labels: { suite: 'dockerode' } });
    const write = await docker.createContainer({ Image: BUSYBOX, Cmd: ['sh', '-c', 'echo kept > /v/file'], HostConfig: { Binds: ['dockerode-data:/v'] } });
    await write.start();
    assert.deepEqual(await write.wait() as unknown, { StatusCode: 0, Error: null });
    const read = await docker.createContainer({ Image: BUSYBOX, Cmd: ['cat', '/v/file'], HostConfig: { Binds: ['dockerode-data:/v:ro'] } });
    await read.start();
    await read.wait();
    assert.equal((await demux(docker, await read.logs({ stdout: true, stderr: true, follow: true }))).out, 'kept\n');
    await Promise.all([write.remove(), read.remove()]);
    const { Volumes } = await docker.listVolumes({ filters: { label: ['suite=dockerode'] } });
    assert.deepEqual(Volumes.map((v) => v.Name), ['dockerode-data']);
    await docker.getVolume('dockerode-data').remove();
  });
});

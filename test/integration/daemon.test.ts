// `burrow daemon` end to end, as an unprivileged user: the Must-show list of the foundation issue.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, userInfo } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { entryPoint } from '../../src/base/install-layout.js';
import { RootlessApiClient } from '../../src/rootless/api/client.js';
import { identify } from '../../src/process/proc-identity.js';
import { readUserSubids } from '../../src/host/subid.js';
import { HostPaths } from '../../src/host/host-paths.js';
import { BURROW, childPids, runTool, startDaemon, testEnv, type TestDaemon } from './harness.js';
import { echoRoundTrip, holderPid, inNamespace, startNetnsEcho } from './netns-server.js';

const CLIS = ['/usr/bin/docker', '/usr/local/bin/docker'].filter((p) => existsSync(p));

describe('burrow daemon (slirp4netns, builtin ports)', { timeout: 120_000 }, () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon({ DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS: '-p 127.0.0.1:23457:7001/tcp' });
  });
  after(async () => {
    await d.cleanup();
  });

  test('prints DOCKER_HOST and writes docker.pid', async () => {
    assert.match(d.stdout(), new RegExp(`export DOCKER_HOST=unix://${d.sock}`));
    assert.match(await holderPid(d.xdg), /^\d+$/);
  });

  for (const cli of CLIS) {
    test(`${cli} version shows the server`, async () => {
      const r = await runTool(cli, ['version', '--format', '{{.Server.APIVersion}} {{.Server.Os}}'], d.env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout.trim(), /^1\.\d+ linux$/);
    });
    test(`${cli} info shows rootless and no cgroups`, async () => {
      const r = await runTool(cli, ['info', '--format', '{{json .SecurityOptions}} {{.CgroupDriver}} {{.DockerRootDir}}'], d.env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /name=rootless/);
      assert.match(r.stdout, /none|systemd/);
      assert.match(r.stdout, new RegExp(join(d.home, '.local/share/docker')));
    });
  }

  test('dockerode reaches it through the socket', async () => {
    const docker = new Docker({ socketPath: d.sock });
    const v = await docker.version();
    assert.equal(v.Os, 'linux');
    assert.equal(String(await docker.ping()), 'OK');
  });

  test('the pid file enters a user namespace with the whole subordinate range mapped', async () => {
    const me = userInfo();
    const subids = await readUserSubids(new HostPaths(), me.username, me.uid, me.gid);
    const r = await inNamespace(d.xdg, 'cat /proc/self/uid_map /proc/self/gid_map; id -u');
    assert.equal(r.code, 0, r.out);
    const rows = r.out.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    assert.deepEqual(rows[0], [0, me.uid, 1]);
    const first = subids.uids[0];
    assert.ok(first, 'the test user needs a subuid range');
    assert.deepEqual(rows[1], [1, first.start, first.count]);
    assert.equal(rows.at(-1)?.[0], 0, 'root inside');
  });

  test('/etc and /run are copied up: writable tmpfs whose entries link to the host originals', async () => {
    const hostMtab = await readlink('/etc/mtab');
    const r = await inNamespace(d.xdg, [
      'findmnt -n -o FSTYPE /etc', 'findmnt -n -o FSTYPE /run', 'readlink /etc/hostname', 'readlink /etc/mtab',
      'test -e /etc/.burrow-copied-up && test -e /run/.burrow-copied-up && echo marked',
      'touch /etc/burrow-probe && echo writable', 'test -e /run/docker || echo released',
    ].join('; '));
    assert.equal(r.code, 0, r.out);
    const [etcFs, runFs, hostname, mtab, ...rest] = r.out.trim().split('\n');
    assert.equal(etcFs, 'tmpfs');
    assert.equal(runFs, 'tmpfs');
    assert.match(hostname ?? '', /^\/etc\/\.ro[^/]+\/hostname$/);
    assert.equal(mtab, hostMtab, 'a symlink keeps its own target, so a relative one still resolves');
    assert.deepEqual(rest, ['marked', 'writable', 'released']);
    assert.equal(existsSync('/etc/burrow-probe'), false, 'the host /etc is untouched');
  });

  test('a server in the namespace is reachable from the host through a forward', async () => {
    const echo = await startNetnsEcho(d.xdg, 7001);
    try {
      const api = new RootlessApiClient(join(d.xdg, 'burrow', 'api.sock'));
      const added = await api.addPort({ proto: 'tcp', parentIP: '127.0.0.1', parentPort: 23456, childPort: 7001 });
      assert.equal(await echoRoundTrip(23456, 'hello through the forward'), 'hello through the forward');
      const listed = await api.listPorts();
      assert.ok(listed.some((p) => p.id === added.id && p.spec.parentPort === 23456));
      // the forward from DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS, added at start-up
      assert.ok(listed.some((p) => p.spec.parentPort === 23457 && p.spec.childPort === 7001));
      assert.equal(await echoRoundTrip(23457, 'flags forward'), 'flags forward');
      await api.removePort(added.id);
      await assert.rejects(echoRoundTrip(23456, 'gone'), /ECONNREFUSED/);
    } finally {
      echo.kill();
    }
  });

  test('a forward from privileged host port 80 fails with the reference message', async (t) => {
    const start = Number(await readFile('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
    if (start <= 80) {
      t.skip(`this host allows unprivileged binds from port ${start}`);
      return;
    }
    const api = new RootlessApiClient(join(d.xdg, 'burrow', 'api.sock'));
    await assert.rejects(api.addPort({ proto: 'tcp', parentIP: '0.0.0.0', parentPort: 80, childPort: 80 }), {
      message: `cannot expose privileged port 80, you can add 'net.ipv4.ip_unprivileged_port_start=80' to /etc/sysctl.conf (currently ${start}), or choose a larger port number (>= ${start}): listen tcp4 0.0.0.0:80: bind: permission denied`,
    });
  });

  test('the namespace reaches a server on the host', async () => {
    const hostIp = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    assert.ok(hostIp, 'the host needs a non-loopback IPv4 address');
    const server: Server = createServer((c) => c.end('host says hi\n'));
    await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await inNamespace(d.xdg, `exec 3<>/dev/tcp/${hostIp}/${port} && cat <&3`);
      assert.equal(r.code, 0, r.out);
      assert.equal(r.out.trim(), 'host says hi');
    } finally {
      server.close();
    }
  });

  test('a second daemon for the same runtime dir is refused clearly', async () => {
    const second = await runTool(BURROW, ['daemon'], d.env, 20_000);
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, /another burrow daemon \(pid \d+\) is already running/);
    // and the first one still serves
    assert.equal(String(await new Docker({ socketPath: d.sock }).ping()), 'OK');
  });
});

describe('burrow daemon shutdown', { timeout: 120_000 }, () => {
  test('SIGTERM leaves no process, socket or pid file behind', async () => {
    const d = await startDaemon();
    try {
      const pid = await holderPid(d.xdg);
      const children = await childPids(d.proc.pid ?? -1);
      assert.ok(children.length >= 3, `holder, network driver and engine run as children: ${children.join(',')}`);
      assert.equal(await d.stop('SIGTERM'), 0);
      assert.equal(existsSync(d.sock), false, 'docker.sock removed');
      assert.equal(existsSync(join(d.xdg, 'docker.pid')), false, 'docker.pid removed');
      assert.equal(existsSync(join(d.xdg, 'burrow', 'api.sock')), false, 'api.sock removed');
      assert.ok(children.includes(Number(pid)), 'the pid file names one of its children');
      await new Promise((r) => setTimeout(r, 200));
      const alive = await Promise.all(children.map(async (c) => (await identify(c)) !== undefined));
      assert.deepEqual(children.filter((_, i) => alive[i]), [], 'no child process left');
    } finally {
      await d.cleanup();
    }
  });

  test('SIGINT stops it the same way', async () => {
    const d = await startDaemon();
    try {
      assert.equal(await d.stop('SIGINT'), 0);
      assert.equal(existsSync(d.sock), false);
    } finally {
      await d.cleanup();
    }
  });
});

describe('other network drivers and settings', { timeout: 120_000 }, () => {
  for (const net of ['pasta', 'none']) {
    test(`DOCKERD_ROOTLESS_ROOTLESSKIT_NET=${net} starts and serves`, async () => {
      const d = await startDaemon({ DOCKERD_ROOTLESS_ROOTLESSKIT_NET: net });
      try {
        const r = await runTool('docker', ['info', '--format', '{{json .SecurityOptions}}'], d.env);
        assert.equal(r.code, 0, r.stderr);
        const addr = await inNamespace(d.xdg, 'ip -o -4 addr show');
        if (net === 'pasta') assert.match(addr.out, /tap0\s+inet 10\.0\.2\.100\/24/);
        else assert.doesNotMatch(addr.out, /tap0/);
        assert.match(addr.out, /lo\s+inet 127\.0\.0\.1/);
      } finally {
        await d.cleanup();
      }
    });
  }

  test('with host loopback enabled the namespace reaches the host 127.0.0.1 as 10.0.2.2', async () => {
    const server: Server = createServer((c) => c.end('loopback hi\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const d = await startDaemon({ DOCKERD_ROOTLESS_ROOTLESSKIT_DISABLE_HOST_LOOPBACK: 'false' });
    try {
      const r = await inNamespace(d.xdg, `exec 3<>/dev/tcp/10.0.2.2/${port} && cat <&3`);
      assert.equal(r.out.trim(), 'loopback hi');
    } finally {
      server.close();
      await d.cleanup();
    }
  });

  test('the engine itself runs in the host network namespace and reaches host loopback', async () => {
    const d = await startDaemon();
    try {
      const engine = (await runTool('pgrep', ['-f', '-n', entryPoint('engine')], process.env)).stdout.trim();
      const [engineNet, hostNet] = await Promise.all([runTool('readlink', [`/proc/${engine}/ns/net`], process.env), runTool('readlink', ['/proc/self/ns/net'], process.env)]);
      assert.equal(engineNet.stdout, hostNet.stdout, 'detach-netns: the engine shares the host network namespace');
      const [engineUser, hostUser] = await Promise.all([runTool('readlink', [`/proc/${engine}/ns/user`], process.env), runTool('readlink', ['/proc/self/ns/user'], process.env)]);
      assert.notEqual(engineUser.stdout, hostUser.stdout, 'but lives in its own user namespace');
    } finally {
      await d.cleanup();
    }
  });
});

describe('start-up failures explain the fix', { timeout: 60_000 }, () => {
  test('XDG_RUNTIME_DIR unset', async () => {
    const { env } = await testEnv();
    delete env.XDG_RUNTIME_DIR;
    const r = await runTool(BURROW, ['daemon'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /could not get XDG_RUNTIME_DIR/);
    assert.match(r.stderr, /mkdir -p -m 0?700/);
  });

  test('an unknown flag', async () => {
    const r = await runTool(BURROW, ['daemon', '--bogus'], process.env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown flag: --bogus/);
  });

  test('burrow check passes for this user', async () => {
    const r = await runTool(BURROW, ['check', '--json'], process.env, 60_000);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const results = JSON.parse(r.stdout) as { id: string; status: string }[];
    assert.ok(results.some((x) => x.id === 'oci-runtime' && x.status === 'ok'));
  });
});

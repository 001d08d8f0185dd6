// Networking through the real docker CLI and docker-compose (#6): published ports that keep the
// client's address, UDP, -P, privileged ports, user networks with DNS, compose, egress, none.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUSYBOX, fixtureSkip, runTool, dockerSuite } from './harness.js';

const NGINX = '127.0.0.1:5000/library/nginx:latest';
const DEBIAN = '127.0.0.1:5000/library/debian:bookworm';

/** The machine's first non-loopback IPv4 address: a client the container must see as itself. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces()).flat().find((a) => a?.family === 'IPv4' && !a.internal)?.address;
}

async function curl(url: string, env: NodeJS.ProcessEnv): Promise<string> {
  for (let i = 0; ; i++) {
    const r = await runTool('curl', ['-sS', '--max-time', '5', url], env);
    if (r.code === 0) return r.stdout;
    if (i >= 50) throw new Error(`curl ${url}: ${r.stderr}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

function udpRoundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    const timer = setInterval(() => { s.send(text, port, '127.0.0.1'); }, 300);
    const give = setTimeout(() => { clearInterval(timer); s.close(); reject(new Error('no UDP echo within 15 s')); }, 15_000);
    s.on('message', (m) => { clearInterval(timer); clearTimeout(give); s.close(); resolve(m.toString()); });
    s.send(text, port, '127.0.0.1');
  });
}

describe('networking', { skip: fixtureSkip, timeout: 600_000 }, () => {
  // the reference's default keeps the host's loopback out of reach; the egress test needs it
  const suite = dockerSuite([], { DOCKERD_ROOTLESS_ROOTLESSKIT_DISABLE_HOST_LOOPBACK: 'false' });
  const { docker, ok } = suite;

  before(async () => {
    await ok(['pull', '-q', NGINX]);
  });

  test('nginx -p 28080:80 answers on the host, and its access log shows each client\'s own address', async () => {
    await ok(['run', '-d', '--name', 'web', '-p', '28080:80', NGINX]);
    assert.match(await curl('http://127.0.0.1:28080/', suite.daemon.env), /nginx/i);
    const ext = externalAddress();
    if (ext) assert.match(await curl(`http://${ext}:28080/`, suite.daemon.env), /nginx/i);
    const log = await ok(['exec', 'web', 'cat', '/var/log/nginx/access.log']);
    const clients = log.trim().split('\n').map((l) => l.split(' ')[0]);
    // a loopback client shows as the host the container knows (the driver's gateway), never the bridge
    assert.equal(clients[0], '10.0.2.2', log);
    if (ext) assert.equal(clients[1], ext, log);
    assert.equal((await ok(['port', 'web'])).trim(), '80/tcp -> 0.0.0.0:28080');
    const inspect = JSON.parse(await ok(['inspect', 'web'])) as { NetworkSettings: { IPAddress: string; Gateway: string; MacAddress: string; Ports: Record<string, { HostIp: string; HostPort: string }[]>; Networks: Record<string, { IPAddress: string }> }; HostConfig: { PortBindings: unknown } }[];
    const [first] = inspect;
    assert.ok(first);
    const ns = first.NetworkSettings;
    assert.match(ns.IPAddress, /^172\.17\.0\.\d+$/);
    assert.equal(ns.Gateway, '172.17.0.1');
    assert.match(ns.MacAddress, /^02:42:ac:11:00:[0-9a-f]{2}$/);
    assert.deepEqual(ns.Ports['80/tcp'], [{ HostIp: '0.0.0.0', HostPort: '28080' }]);
    assert.equal(ns.Networks.bridge?.IPAddress, ns.IPAddress);
    assert.deepEqual(first.HostConfig.PortBindings, { '80/tcp': [{ HostIp: '', HostPort: '28080' }] });
    assert.match(await ok(['ps', '--filter', 'name=web', '--format', '{{.Ports}}']), /0\.0\.0\.0:28080->80\/tcp/);
    await ok(['rm', '-f', 'web']);
    const gone = await runTool('curl', ['-sS', '--max-time', '3', 'http://127.0.0.1:28080/'], suite.daemon.env);
    assert.notEqual(gone.code, 0, 'the forward closes with the container');
  });

  test('-p 80:80 fails with the reference\'s message', async (t) => {
    const start = Number(await readFile('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
    if (start <= 80) {
      t.skip(`this host lets unprivileged users bind port 80 (ip_unprivileged_port_start=${start})`);
      return;
    }
    const r = await docker(['run', '-d', '--name', 'priv', '-p', '80:80', NGINX]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /driver failed programming external connectivity on endpoint priv \([0-9a-f]{64}\): Error starting userland proxy: error while calling PortManager\.AddPort\(\): cannot expose privileged port 80/);
    assert.match(r.stderr, /net\.ipv4\.ip_unprivileged_port_start/);
    const state = (await ok(['inspect', '--format', '{{.State.Status}}', 'priv'])).trim();
    assert.equal(state, 'created', 'the container did not start');
    await ok(['rm', '-f', 'priv']);
  });

  test('-P publishes the image\'s ExposedPorts on free host ports', async () => {
    await ok(['run', '-d', '--name', 'pall', '-P', NGINX]);
    const line = (await ok(['port', 'pall', '80/tcp'])).trim();
    const m = /^0\.0\.0\.0:(\d+)$/.exec(line);
    assert.ok(m, line);
    assert.ok(Number(m[1]) >= 49153, line);
    assert.match(await curl(`http://127.0.0.1:${m[1]}/`, suite.daemon.env), /nginx/i);
    await ok(['rm', '-f', 'pall']);
  });

  test('UDP datagrams go both ways through a published udp port, with the client\'s address', async () => {
    await ok(['pull', '-q', DEBIAN]);
    const echo = 'use IO::Socket::INET; $|=1; my $s=IO::Socket::INET->new(LocalPort=>9999,Proto=>"udp") or die $!; print "ready\\n"; while ($s->recv(my $m, 1500)) { $s->send("from ".$s->peerhost.": ".$m) }';
    await ok(['run', '-d', '--name', 'udp', '-p', '29999:9999/udp', DEBIAN, 'perl', '-e', echo]);
    const reply = await udpRoundTrip(29999, 'ping');
    assert.equal(reply, 'from 10.0.2.2: ping');
    assert.equal((await ok(['port', 'udp'])).trim(), '9999/udp -> 0.0.0.0:29999');
    await ok(['rm', '-f', 'udp']);
  });

  test('a bulk TCP transfer through a published port arrives whole, both ways, and half-close carries across', async () => {
    // 20 MiB each way: past BULK_BYTES, so the connection changes hands (node to socat) mid-stream
    const server = 'use IO::Socket::INET; use Digest::MD5 qw(md5_hex); $|=1; my $l=IO::Socket::INET->new(LocalPort=>7000,Listen=>1,ReuseAddr=>1) or die $!; print "ready\\n"; my $c=$l->accept; my $d=""; while (sysread($c, my $b, 65536)) { $d.=$b } print $c md5_hex($d)."\\n".$d; close $c';
    await ok(['run', '-d', '--name', 'bulk', '-p', '27000:7000', DEBIAN, 'perl', '-e', server]);
    for (let i = 0; !(await ok(['logs', 'bulk'])).includes('ready'); i++) {
      assert.ok(i < 50, 'the server in the container did not start');
      await new Promise((res) => setTimeout(res, 200));
    }
    const sent = randomBytes(20 * 1024 * 1024);
    const received = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const s = connect(27000, '127.0.0.1');
      const give = setTimeout(() => { s.destroy(); reject(new Error('the reply did not end within 60 s: an EOF was lost')); }, 60_000);
      s.on('data', (c: Buffer) => chunks.push(c));
      s.on('end', () => { clearTimeout(give); resolve(Buffer.concat(chunks)); });
      s.on('error', (err) => { clearTimeout(give); reject(err); });
      // the server answers only after reading our EOF: the half-close must reach it
      s.end(sent);
    });
    const newline = received.indexOf(0x0a);
    assert.equal(received.subarray(0, newline).toString(), createHash('md5').update(sent).digest('hex'), 'what the container received');
    assert.equal(received.length - newline - 1, sent.length, 'length of what came back');
    assert.ok(received.subarray(newline + 1).equals(sent), 'what came back is what was sent');
    await ok(['rm', '-f', 'bulk']);
  });

  test('SCTP ports are refused with a clear error', async () => {
    const r = await docker(['run', '--rm', '-p', '29998:9998/sctp', BUSYBOX, 'true']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /SCTP/);
  });

  test('containers on a user network reach each other by name and alias, through 127.0.0.11', async () => {
    await ok(['network', 'create', 'appnet']);
    await ok(['run', '-d', '--name', 'srv', '--network', 'appnet', '--network-alias', 'svc', BUSYBOX, 'sh', '-c', 'mkdir /www && echo hello-from-srv > /www/index.html && httpd -f -p 80 -h /www']);
    for (const name of ['srv', 'svc']) {
      const out = await ok(['run', '--rm', '--network', 'appnet', BUSYBOX, 'sh', '-c', `for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://${name}/ && exit 0; sleep 0.3; done; exit 1`]);
      assert.equal(out, 'hello-from-srv\n', name);
    }
    const resolv = await ok(['run', '--rm', '--network', 'appnet', BUSYBOX, 'cat', '/etc/resolv.conf']);
    assert.match(resolv, /^nameserver 127\.0\.0\.11$/m);
    const lookup = await ok(['run', '--rm', '--network', 'appnet', BUSYBOX, 'nslookup', 'srv']);
    const ip = (await ok(['inspect', '--format', '{{.NetworkSettings.Networks.appnet.IPAddress}}', 'srv'])).trim();
    assert.match(ip, /^172\.\d+\.0\.\d+$/);
    assert.ok(lookup.includes(ip), lookup);
    const aliases = (await ok(['inspect', '--format', '{{json .NetworkSettings.Networks.appnet.Aliases}}', 'srv'])).trim();
    const id = (await ok(['inspect', '--format', '{{.Id}}', 'srv'])).trim();
    assert.deepEqual(JSON.parse(aliases), ['svc', id.slice(0, 12)]);
    // the default bridge has no embedded DNS: names do not resolve there
    const isolated = await docker(['run', '--rm', BUSYBOX, 'timeout', '3', 'wget', '-qO-', 'http://srv/']);
    assert.notEqual(isolated.code, 0);

    const net = JSON.parse(await ok(['network', 'inspect', 'appnet'])) as { Name: string; Driver: string; IPAM: { Config: { Subnet: string; Gateway: string }[] }; Containers: Record<string, { Name: string; IPv4Address: string }> }[];
    const [appnet] = net;
    assert.ok(appnet);
    assert.equal(appnet.Driver, 'bridge');
    assert.equal(appnet.Containers[id]?.Name, 'srv');
    assert.equal(appnet.Containers[id].IPv4Address, `${ip}/16`);
    const busy = await docker(['network', 'rm', 'appnet']);
    assert.notEqual(busy.code, 0);
    assert.match(busy.stderr, /has active endpoints/);
    await ok(['rm', '-f', 'srv']);
    await ok(['network', 'rm', 'appnet']);
    assert.doesNotMatch(await ok(['network', 'ls', '--format', '{{.Name}}']), /appnet/);
  });

  test('an --internal network keeps its containers in, and bridges do not reach each other', async () => {
    await ok(['network', 'create', '--internal', 'inner']);
    await ok(['network', 'create', 'outer']);
    await ok(['run', '-d', '--name', 'isrv', '--network', 'inner', BUSYBOX, 'sh', '-c', 'mkdir /www && echo inside > /www/index.html && httpd -f -p 80 -h /www']);
    await ok(['run', '-d', '--name', 'osrv', '--network', 'outer', BUSYBOX, 'sh', '-c', 'mkdir /www && echo outside > /www/index.html && httpd -f -p 80 -h /www']);
    const fetch = (net: string, url: string): ReturnType<typeof docker> => docker(['run', '--rm', '--network', net, BUSYBOX, 'sh', '-c', `for i in 1 2 3 4 5; do timeout 2 wget -qO- ${url} && exit 0; sleep 0.3; done; exit 1`]);
    assert.equal((await fetch('inner', 'http://isrv/')).stdout, 'inside\n', 'containers on an internal network reach each other');
    // the host's registry on 127.0.0.1:5000 is 10.0.2.2:5000 from a container (host loopback is on here)
    assert.equal((await fetch('outer', 'http://10.0.2.2:5000/v2/')).code, 0, 'a normal network reaches out');
    assert.notEqual((await fetch('inner', 'http://10.0.2.2:5000/v2/')).code, 0, 'an internal one does not');
    const osrvIp = (await ok(['inspect', '-f', '{{.NetworkSettings.Networks.outer.IPAddress}}', 'osrv'])).trim();
    assert.notEqual((await fetch('bridge', `http://${osrvIp}/`)).code, 0, 'the default bridge does not reach a user network');
    await ok(['rm', '-f', 'isrv', 'osrv']);
    await ok(['network', 'rm', 'inner', 'outer']);
  });

  test('network connect and disconnect change a running container\'s interfaces', async () => {
    await ok(['network', 'create', 'extra']);
    await ok(['run', '-d', '--name', 'multi', BUSYBOX, 'sleep', '600']);
    await ok(['network', 'connect', 'extra', 'multi']);
    const links = await ok(['exec', 'multi', 'ip', '-o', '-4', 'addr']);
    assert.match(links, /eth0\s+inet 172\.17\./);
    assert.match(links, /eth1\s+inet 172\.\d+\./);
    await ok(['network', 'disconnect', 'extra', 'multi']);
    assert.doesNotMatch(await ok(['exec', 'multi', 'ip', '-o', 'link']), /eth1/);
    await ok(['rm', '-f', 'multi']);
    await ok(['network', 'rm', 'extra']);
  });

  test('--network none has only lo; host is the engine\'s namespace; container: shares another\'s', async () => {
    const none = await ok(['run', '--rm', '--network', 'none', BUSYBOX, 'ip', '-o', 'link']);
    assert.deepEqual(none.trim().split('\n').map((l) => l.split(':')[1]?.trim()), ['lo']);
    const host = await ok(['run', '--rm', '--network', 'host', BUSYBOX, 'ip', '-o', '-4', 'addr']);
    assert.match(host, /10\.0\.2\.100/);
    await ok(['run', '-d', '--name', 'owner', BUSYBOX, 'sleep', '600']);
    const mine = (await ok(['exec', 'owner', 'ip', '-o', '-4', 'addr', 'show', 'eth0'])).split(/\s+/)[3];
    const shared = (await ok(['run', '--rm', '--network', 'container:owner', BUSYBOX, 'ip', '-o', '-4', 'addr', 'show', 'eth0'])).split(/\s+/)[3];
    assert.equal(shared, mine);
    await ok(['rm', '-f', 'owner']);
  });

  describe('egress', () => {
    let server: Server;
    let port = 0;
    before(async () => {
      server = createServer((req, res) => { res.end(`host saw ${req.socket.remoteAddress ?? ''}\n`); });
      await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
      port = (server.address() as { port: number }).port;
    });
    after(() => { server.close(); });

    test('a container reaches a server on the host\'s loopback and on its external address', async () => {
      const viaGateway = await ok(['run', '--rm', BUSYBOX, 'wget', '-qO-', `http://10.0.2.2:${port}/`]);
      assert.match(viaGateway, /^host saw /);
      const ext = externalAddress();
      if (ext) assert.match(await ok(['run', '--rm', BUSYBOX, 'wget', '-qO-', `http://${ext}:${port}/`]), /^host saw /);
    });
  });

  test('docker-compose 1.29: web (nginx, published) and client (busybox) by service name, then down -v', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'compose-'));
    await writeFile(join(dir, 'docker-compose.yml'), [
      'version: "3.8"',
      'services:',
      '  web:',
      `    image: ${NGINX}`,
      '    ports: ["28081:80"]',
      '  client:',
      `    image: ${BUSYBOX}`,
      '    command: ["sh", "-c", "until wget -qO /tmp/page http://web/; do sleep 0.3; done; echo fetched; sleep 600"]',
      '    volumes: ["data:/data"]',
      'volumes:',
      '  data: {}',
      '',
    ].join('\n'));
    const compose = (args: string[]): ReturnType<typeof runTool> => runTool('docker-compose', ['-p', 'demo', ...args], { ...suite.daemon.env, COMPOSE_INTERACTIVE_NO_CLI: '1' }, 180_000);
    const up = await compose(['-f', join(dir, 'docker-compose.yml'), 'up', '-d']);
    assert.equal(up.code, 0, up.stderr);
    assert.match(await curl('http://127.0.0.1:28081/', suite.daemon.env), /nginx/i);
    let logs = '';
    for (let i = 0; i < 50 && !logs.includes('fetched'); i++) {
      logs = (await compose(['-f', join(dir, 'docker-compose.yml'), 'logs', 'client'])).stdout;
      if (!logs.includes('fetched')) await new Promise((r) => setTimeout(r, 300));
    }
    assert.match(logs, /fetched/);
    // a second `up` finds everything as it was: no container is recreated or reconnected
    const again = await compose(['-f', join(dir, 'docker-compose.yml'), 'up', '-d']);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /Recreating/);
    const down = await compose(['-f', join(dir, 'docker-compose.yml'), 'down', '-v']);
    assert.equal(down.code, 0, down.stderr);
    assert.equal((await ok(['ps', '-aq', '--filter', 'label=com.docker.compose.project=demo'])).trim(), '');
    assert.doesNotMatch(await ok(['network', 'ls', '--format', '{{.Name}}']), /demo_default/);
    assert.doesNotMatch(await ok(['volume', 'ls', '--format', '{{.Name}}']), /demo_data/);
  });
});

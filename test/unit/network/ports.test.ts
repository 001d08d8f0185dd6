import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, InvalidParameterError } from '../../../src/base/errors.js';
import { PortPublisher, parsePortKey, wantedPorts } from '../../../src/network/ports.js';
import type { PortSpec, PortStatus } from '../../../src/rootless/port/spec.js';

test('port keys: tcp by default, udp kept, sctp refused with the reason', () => {
  assert.deepEqual(parsePortKey('80'), { port: 80, proto: 'tcp' });
  assert.deepEqual(parsePortKey('53/udp'), { port: 53, proto: 'udp' });
  assert.throws(() => parsePortKey('9/sctp'), /SCTP port 9\/sctp cannot be published/);
  assert.throws(() => parsePortKey('70000/tcp'), InvalidParameterError);
});

test('wantedPorts: bindings, host ranges, -P adds exposed ports on any free port', () => {
  const w = wantedPorts({ '80/tcp': [{ HostIp: '', HostPort: '8080' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5300-5301' }] }, { '80/tcp': {}, '443/tcp': {} }, true);
  assert.deepEqual(w.map((p) => [p.key, p.hostIp, p.hostPortFrom, p.hostPortTo]), [
    ['80/tcp', '0.0.0.0', 8080, 8080], ['53/udp', '127.0.0.1', 5300, 5301], ['443/tcp', '0.0.0.0', 0, 0],
  ]);
  assert.deepEqual(wantedPorts(null, { '80/tcp': {} }, false), []);
  assert.throws(() => wantedPorts({ '80/tcp': [{ HostIp: 'nope', HostPort: '1' }] }, null, false), /invalid IP address: nope/);
});

class FakeForwarder {
  readonly added: PortSpec[] = [];
  readonly removed: number[] = [];
  constructor(private readonly busy: Set<number>, private readonly refuse = new Set<number>()) {}
  addPort(spec: PortSpec): Promise<PortStatus> {
    if (this.refuse.has(spec.parentPort)) return Promise.reject(new InvalidParameterError(`cannot expose privileged port ${spec.parentPort}`));
    if (this.busy.has(spec.parentPort)) return Promise.reject(new ConflictError(`listen tcp4 0.0.0.0:${spec.parentPort}: bind: address already in use`));
    this.added.push(spec);
    return Promise.resolve({ id: this.added.length, spec });
  }
  removePort(id: number): Promise<void> {
    this.removed.push(id);
    return Promise.resolve();
  }
}

test('publish: a busy port in a range moves on; forwards go straight to the container address', async () => {
  const f = new FakeForwarder(new Set([5300]));
  const p = new PortPublisher(f);
  const out = await p.publish('172.17.0.2', wantedPorts({ '53/udp': [{ HostPort: '5300-5302' }] }, null, false));
  assert.deepEqual(out, [{ key: '53/udp', id: 1, hostIp: '0.0.0.0', hostPort: 5301 }]);
  assert.deepEqual(f.added[0], { proto: 'udp4', parentIP: '0.0.0.0', parentPort: 5301, childIP: '172.17.0.2', childPort: 53 });
});

test('publish: ephemeral ports start at 49153 and skip busy ones', async () => {
  const f = new FakeForwarder(new Set([49153]));
  const out = await new PortPublisher(f).publish('172.17.0.3', wantedPorts(null, { '80/tcp': {} }, true));
  assert.equal(out[0]?.hostPort, 49154);
});

test('publish: a refusal other than "in use" is final, and what was opened is closed again', async () => {
  const f = new FakeForwarder(new Set(), new Set([80]));
  const p = new PortPublisher(f);
  await assert.rejects(p.publish('172.17.0.2', wantedPorts({ '8080/tcp': [{ HostPort: '8080' }], '80/tcp': [{ HostPort: '80' }] }, null, false)), /privileged port 80/);
  assert.deepEqual(f.removed, [1]);
});

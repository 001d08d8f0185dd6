import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPortSpec, parsePortSpec } from '../../../../src/rootless/port/spec.js';

test('parses the forms RootlessKit accepts', () => {
  const cases: [string, object][] = [
    ['8080:80/tcp', { proto: 'tcp', parentIP: '0.0.0.0', parentPort: 8080, childPort: 80 }],
    ['0.0.0.0:2376:2376/tcp', { proto: 'tcp', parentIP: '0.0.0.0', parentPort: 2376, childPort: 2376 }],
    ['127.0.0.1:8080:10.0.2.100:80/tcp4', { proto: 'tcp4', parentIP: '127.0.0.1', parentPort: 8080, childIP: '10.0.2.100', childPort: 80 }],
    ['8080:127.0.0.2:80/udp', { proto: 'udp', parentIP: '0.0.0.0', parentPort: 8080, childIP: '127.0.0.2', childPort: 80 }],
    ['[::1]:8080:[::1]:80/tcp6', { proto: 'tcp6', parentIP: '::1', parentPort: 8080, childIP: '::1', childPort: 80 }],
  ];
  for (const [text, want] of cases) assert.deepEqual(parsePortSpec(text), want, text);
});

test('round-trips through formatPortSpec', () => {
  for (const text of ['0.0.0.0:8080:80/tcp', '127.0.0.1:8080:10.0.2.100:80/tcp4', '[::1]:8080:[::1]:80/tcp6']) {
    assert.equal(formatPortSpec(parsePortSpec(text)), text);
  }
});

test('refuses bad specs with a message naming the problem', () => {
  assert.throws(() => parsePortSpec('8080:80'), /missing \/proto/);
  assert.throws(() => parsePortSpec('8080:80/sctp'), /unknown proto: "sctp"/);
  assert.throws(() => parsePortSpec('0:80/tcp'), /invalid parent port "0"/);
  assert.throws(() => parsePortSpec('8080:70000/tcp'), /invalid child port "70000"/);
  assert.throws(() => parsePortSpec('1:2:3:4:5/tcp'), /want \[parentIP:\]parentPort/);
  assert.throws(() => parsePortSpec('300.1.1.1:80:80/tcp'), /invalid parent port "300.1.1.1"/);
  assert.throws(() => parsePortSpec('300.1.1.1:80:10.0.2.100:80/tcp'), /invalid parent IP "300.1.1.1"/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privilegedPortError } from '../../../../src/rootless/port/privileged-port.js';

test('is the reference text, naming this port and the current limit', () => {
  const err = privilegedPortError(80, 1024, 'listen tcp4 0.0.0.0:80: bind: permission denied');
  assert.equal(
    err.message,
    "cannot expose privileged port 80, you can add 'net.ipv4.ip_unprivileged_port_start=80' to /etc/sysctl.conf (currently 1024), " +
      'or choose a larger port number (>= 1024): listen tcp4 0.0.0.0:80: bind: permission denied',
  );
  assert.equal(err.kind, 'invalid-parameter');
  assert.match(err.hint ?? '', /ip_unprivileged_port_start=80/);
});

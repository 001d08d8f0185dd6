import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conflicts, parseDaemonJson } from '../../../src/host/daemon-json.js';

const F = '/home/u/.config/docker/daemon.json';

test('accepts every dockerd key, typed ones checked', () => {
  assert.deepEqual(parseDaemonJson('{"data-root":"/x","insecure-registries":["10.0.2.2:5000"],"iptables":false}', F), {
    'data-root': '/x', 'insecure-registries': ['10.0.2.2:5000'], iptables: false,
  });
});

test("refuses what dockerd refuses, in dockerd's words", () => {
  assert.throws(() => parseDaemonJson('{"colour":1}', F), {
    message: `unable to configure the Docker daemon with file ${F}: the following directives don't match any configuration option: colour`,
  });
  assert.throws(() => parseDaemonJson('{"debug":"yes"}', F), /debug: expected a boolean/);
  assert.throws(() => parseDaemonJson('[1]', F), /must hold a JSON object/);
  assert.throws(() => parseDaemonJson('{', F), /unable to configure the Docker daemon with file/);
  assert.throws(() => { conflicts([['debug', true, false]]); }, {
    message: 'the following directives are specified both as a flag and in the configuration file: debug: (from flag: true, from file: false)',
  });
  conflicts([['debug', undefined, false]]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChanges } from '../../../src/image/changes.js';

test('CMD and ENTRYPOINT take exec form or shell form', () => {
  const c = applyChanges({}, ['CMD ["/bin/sh", "-c", "echo hi"]', 'ENTRYPOINT top -b']);
  assert.deepEqual(c.Cmd, ['/bin/sh', '-c', 'echo hi']);
  assert.deepEqual(c.Entrypoint, ['/bin/sh', '-c', 'top -b']);
});

test('ENV, LABEL, EXPOSE, VOLUME, USER, WORKDIR accumulate', () => {
  const c = applyChanges({ Env: ['A=1'] }, ['ENV A=2 B="two words"', 'ENV C legacy form', 'LABEL x=y', 'EXPOSE 80 53/udp', 'VOLUME /data', 'USER 1000', 'WORKDIR /srv']);
  assert.deepEqual(c.Env, ['A=2', 'B=two words', 'C=legacy form']);
  assert.deepEqual(c.Labels, { x: 'y' });
  assert.deepEqual(Object.keys(c.ExposedPorts ?? {}), ['80/tcp', '53/udp']);
  assert.deepEqual(Object.keys(c.Volumes ?? {}), ['/data']);
  assert.equal(c.User, '1000');
  assert.equal(c.WorkingDir, '/srv');
});

test('an instruction that is not a configuration change is refused with dockerd\'s words', () => {
  assert.throws(() => applyChanges({}, ['RUN rm -rf /']), /RUN is not a valid change command/);
});

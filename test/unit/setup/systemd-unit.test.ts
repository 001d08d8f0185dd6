// The unit `burrow install` writes, against the checked-in golden file, and systemd's quoting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../src/base/install-layout.js';
import { renderUnit } from '../../../src/setup/systemd-unit.js';

test('the unit matches the golden file: the reference\'s service settings with burrow daemon as ExecStart', async () => {
  const golden = await readFile(join(PACKAGE_ROOT, 'test', 'fixtures', 'setup', 'docker.service'), 'utf8');
  const unit = renderUnit({ burrow: '/opt/burrow/bin/burrow', path: '/opt/burrow/bin:/usr/local/bin:/sbin:/usr/sbin:/usr/bin:/bin', flags: [] });
  assert.equal(unit, golden);
});

test('daemon flags are appended, and paths systemd would split or expand are quoted and escaped', () => {
  const unit = renderUnit({ burrow: '/home/a b/100%/bin/burrow', path: '/home/a b/bin:/usr/bin', flags: ['--iptables=false', '--data-root=/data/$USER'] });
  assert.match(unit, /^ExecStart="\/home\/a b\/100%%\/bin\/burrow" daemon --iptables=false --data-root=\/data\/\$\$USER$/m);
  assert.match(unit, /^Environment="PATH=\/home\/a b\/bin:\/usr\/bin"$/m);
});

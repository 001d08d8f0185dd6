import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLine, ociRuntimeCheck } from '../../../../src/host/checks/oci-runtime.js';
import { alice, fakeExec, makeTree, noExec } from '../fixture.js';

const CRUN_HYBRID = 'cgroups in hybrid mode not supported, drop all controllers from cgroupv2';

/** runc starts the container, crun refuses as crun 1.8.1 does on a hybrid host. */
function hybridHost() {
  const bundles: string[] = [];
  const fake = fakeExec((name, args) => {
    if (name === 'runc' || name === 'crun') return { code: 0, stdout: `${name} version ${name === 'runc' ? '1.1.5+ds1' : '1.8.1'}\ncommit: x\n` };
    assert.equal(name, 'unshare');
    assert.deepEqual(args.slice(0, 4), ['--user', '--map-root-user', '--mount', '--']);
    const bundle = args[args.indexOf('--bundle') + 1] ?? '';
    bundles.push(bundle);
    const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as {
      process: { args: string[]; terminal: boolean; noNewPrivileges: boolean };
      linux: { resources?: unknown; cgroupsPath?: unknown; namespaces: { type: string }[] };
    };
    assert.deepEqual(spec.process.args, ['/bin/true']);
    assert.equal(spec.process.terminal, false);
    assert.equal(spec.process.noNewPrivileges, true);
    assert.equal(spec.linux.resources, undefined);
    assert.equal(spec.linux.cgroupsPath, undefined);
    assert.ok(!spec.linux.namespaces.some((n) => n.type === 'user'));
    return args[4]?.endsWith('/runc') === true ? { code: 0 } : { code: 1, stderr: `${CRUN_HYBRID}\n` };
  });
  return { ...fake, bundles };
}

test('oci-runtime: passes with the runtime that starts a container and names the one that refuses', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['runc', 'crun', 'unshare'] });
  t.after(() => tree.cleanup());
  const fake = hybridHost();
  const r = await ociRuntimeCheck.run({ host: tree.host, user: alice(), exec: fake.exec });
  assert.equal(r.status, 'ok');
  assert.equal(r.summary, `runc 1.1.5+ds1 starts containers here; crun 1.8.1 cannot: ${CRUN_HYBRID}`);
  assert.equal(fake.bundles.length, 2);
  // The probe's temporary bundles are gone afterwards.
  assert.ok(fake.bundles.every((b) => !existsSync(b)));
});

test('oci-runtime: fails when the only runtime refuses, and suggests runc', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['crun', 'unshare'] });
  t.after(() => tree.cleanup());
  const r = await ociRuntimeCheck.run({ host: tree.host, user: alice(), exec: hybridHost().exec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, `no OCI runtime can start a container here: crun 1.8.1 cannot: ${CRUN_HYBRID}`);
  assert.deepEqual(r.fix, ['sudo apt-get install -y runc']);
});

test('oci-runtime: no runtime installed fails without probing', async (t) => {
  const tree = await makeTree('debian12-hybrid', { bins: ['unshare'] });
  t.after(() => tree.cleanup());
  const r = await ociRuntimeCheck.run({ host: tree.host, user: alice(), exec: noExec });
  assert.equal(r.status, 'fail');
  assert.equal(r.summary, 'neither runc nor crun is installed');
});

test('oci-runtime: errorLine picks the logrus error message out of runc stderr', () => {
  const stderr =
    'time="2026-11-23T17:45:12Z" level=warning msg="unable to get oom kill count"\n' +
    'time="2026-11-23T17:45:12Z" level=error msg="runc run failed: unable to start container process: error during container init: \\"x\\""\n';
  assert.equal(errorLine(stderr), 'runc run failed: unable to start container process: error during container init: "x"');
  assert.equal(errorLine(`${CRUN_HYBRID}\n`), CRUN_HYBRID);
  assert.equal(errorLine(''), 'exited without a message');
});

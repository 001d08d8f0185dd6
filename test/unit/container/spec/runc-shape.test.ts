import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSpec } from '../../../../src/container/spec/index.js';
import { input } from './fixture.js';

const RUNC = '/usr/sbin/runc';

function version(text: string): number[] {
  return (text.split('-')[0] ?? '').split('.').map(Number);
}

test('top-level keys and ociVersion match runc spec --rootless', { skip: !existsSync(RUNC) && 'runc not installed' }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'burrow-runc-spec-'));
  try {
    await promisify(execFile)(RUNC, ['spec', '--rootless'], { cwd: dir });
    const reference = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as { ociVersion: string };
    const spec = buildSpec(input());
    assert.deepEqual(Object.keys(spec).sort(), Object.keys(reference).sort());
    const [major, minor] = version(spec.ociVersion);
    const [refMajor, refMinor] = version(reference.ociVersion);
    assert.equal(major, refMajor);
    assert.ok((minor ?? 0) <= (refMinor ?? 0), `${spec.ociVersion} newer than runc's ${reference.ociVersion}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// The README's test command runs as root in CI; integration tests must run as the unprivileged
// test user (the daemon refuses root). As root this re-runs them through runuser with that user's
// runtime dir; as anyone else it runs them directly.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const user = process.env.BURROW_TEST_USER ?? 'burrowtest';
const nodeTest = [process.execPath, '--test', '--test-concurrency=1', dir];

function uidOf(name: string): number {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`integration tests run as the unprivileged user ${name}, which does not exist: run .ci/run (or set BURROW_TEST_USER)\n`);
    process.exit(1);
  }
  return Number(r.stdout.trim());
}

let r;
if (process.getuid?.() === 0) {
  const uid = uidOf(user);
  const home = spawnSync('getent', ['passwd', user], { encoding: 'utf8' }).stdout.split(':')[5] ?? `/home/${user}`;
  r = spawnSync('runuser', ['-u', user, '--', 'env', `HOME=${home}`, `USER=${user}`, `XDG_RUNTIME_DIR=/run/user/${uid}`, `PATH=${process.env.PATH ?? ''}`, ...nodeTest], { stdio: 'inherit', cwd: '/' });
} else {
  r = spawnSync(nodeTest[0] ?? 'node', nodeTest.slice(1), { stdio: 'inherit' });
}
process.exit(r.status ?? 1);

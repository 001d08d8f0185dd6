// `burrow nsenter [cmd...]`: the reference's debugging recipe,
// `nsenter -U --preserve-credentials -n -m -t $(cat $XDG_RUNTIME_DIR/docker.pid)`, done for the
// user: a shell (or cmd) as root of the daemon's user namespace, in its mount and network
// namespaces, where container IPs are reachable.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostSetupError } from '../base/errors.js';
import { xdgRuntimeDirError } from '../daemon/config.js';

export async function nsenterCommand(args: readonly string[]): Promise<number> {
  const xdg = process.env.XDG_RUNTIME_DIR;
  if (!xdg) throw xdgRuntimeDirError();
  const pidFile = join(xdg, 'docker.pid');
  const pid = (await readFile(pidFile, 'utf8').catch(() => '')).trim();
  if (!/^\d+$/.test(pid)) {
    throw new HostSetupError(`no running burrow daemon: ${pidFile} is missing`, { hint: 'start it with `burrow daemon`' });
  }
  const cmd = args.length > 0 ? [...args] : [process.env.SHELL ?? '/bin/sh'];
  const child = spawn('nsenter', ['-U', '--preserve-credentials', '-n', '-m', '-t', pid, `--wd=${process.cwd()}`, '--', ...cmd], { stdio: 'inherit' });
  return new Promise((resolve) => {
    child.on('error', (err) => { process.stderr.write(`burrow: nsenter: ${err.message}\n`); resolve(127); });
    child.on('exit', (code, signal) => { resolve(code ?? (signal ? 128 : 1)); });
  });
}

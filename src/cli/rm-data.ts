// `burrow rm-data` (the reference's `rootlesskit rm -rf ~/.local/share/docker`): the data root
// holds files owned by subordinate ids, which the user cannot delete from the host; rm runs as
// root of a fresh user namespace with the same maps the daemon uses, once they are written.
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { ConflictError } from '../base/errors.js';
import { loadDaemonConfig } from '../daemon/config.js';
import { parseDaemonFlags } from '../daemon/flags.js';
import { currentUser } from '../host/current-user.js';
import { HostPaths } from '../host/host-paths.js';
import { readUserSubids } from '../host/subid.js';
import { isAlive } from '../process/proc-identity.js';
import { waitForUserNamespace } from '../rootless/pause.js';
import { readIdentity, stateLayout } from '../rootless/state-dir.js';
import { writeIdMaps } from '../rootless/userns.js';

export async function rmDataCommand(args: readonly string[]): Promise<number> {
  const flags = parseDaemonFlags(args);
  if (flags.help) {
    process.stdout.write('Usage:  burrow rm-data [--data-root DIR] [--config-file FILE]\n\nRemove the daemon\'s data root (images, containers, volumes), including files owned by subordinate ids.\nStop the daemon first.\n');
    return 0;
  }
  const host = new HostPaths();
  const user = currentUser();
  const config = await loadDaemonConfig(flags, user);
  const owner = await readIdentity(stateLayout(config.xdgRuntimeDir).lock);
  if (owner && (await isAlive(owner))) {
    throw new ConflictError(`the burrow daemon (pid ${owner.pid}) is running and uses ${config.dataRoot}`, { hint: `stop it first: kill ${owner.pid}` });
  }
  if (!(await access(config.dataRoot).then(() => true, () => false))) return 0;
  const subids = await readUserSubids(host, user.name, user.uid, user.gid);
  const child = spawn('unshare', ['--user', '--', '/bin/sh', '-c', 'read -r _ && exec rm -rf -- "$1"', 'sh', config.dataRoot], { stdio: ['pipe', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; process.stderr.write(d); });
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => { resolve(code ?? (signal ? 128 : 1)); });
    child.on('error', () => { resolve(127); });
  });
  try {
    await waitForUserNamespace(child, host, () => stderr);
    await writeIdMaps(child.pid ?? -1, user, subids);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  child.stdin.end('\n');
  return exited;
}

// Where a rootless dockerd keeps its files, so Burrow checks the same places: the config dir is
// $XDG_CONFIG_HOME/docker (not the client's ~/.docker) and data-root defaults to $XDG_DATA_HOME/docker.
import type { HostPaths, HostUser } from './host-paths.js';
import { errorMessage } from '../base/errors.js';
import { parseDaemonJson } from './daemon-json.js';

export function daemonJsonPath(user: HostUser): string {
  return `${user.env.XDG_CONFIG_HOME ?? `${user.home}/.config`}/docker/daemon.json`;
}

/** Per-registry CAs and client certificates, where Docker rootless reads them. */
export function certsDir(user: HostUser): string {
  return `${user.env.XDG_CONFIG_HOME ?? `${user.home}/.config`}/docker/certs.d`;
}

export function defaultDataRoot(user: HostUser): string {
  return `${user.env.XDG_DATA_HOME ?? `${user.home}/.local/share`}/docker`;
}

export class DaemonJsonError extends Error {}

export interface DataRoot {
  path: string;
  /** true when daemon.json names it, false for the default. */
  configured: boolean;
}

export async function resolveDataRoot(host: HostPaths, user: HostUser): Promise<DataRoot> {
  const file = daemonJsonPath(user);
  const text = await host.read(file);
  if (text === undefined) return { path: defaultDataRoot(user), configured: false };
  let dataRoot: string | undefined;
  try {
    dataRoot = parseDaemonJson(text, file)['data-root'];
  } catch (err) {
    throw new DaemonJsonError(errorMessage(err));
  }
  if (dataRoot === undefined) return { path: defaultDataRoot(user), configured: false };
  if (!dataRoot.startsWith('/')) {
    throw new DaemonJsonError(`${file}: "data-root" must be an absolute path`);
  }
  return { path: dataRoot, configured: true };
}

// The invoking user as the CLI sees it; HOME from the environment wins, as it does for dockerd.
import { userInfo } from 'node:os';
import type { HostUser } from './host-paths.js';

export function currentUser(env: NodeJS.ProcessEnv = process.env): HostUser {
  const info = userInfo();
  return { uid: info.uid, gid: info.gid, name: info.username, home: env.HOME ?? info.homedir, env };
}

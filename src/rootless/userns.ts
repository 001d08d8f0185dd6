// Writes the engine's id maps the way RootlessKit does: the user → 0, its subordinate ranges
// packed from 1. newuidmap/newgidmap (setuid helpers from uidmap) are the only way an
// unprivileged user can map more than its own id, and unlike `unshare -r` they leave
// /proc/<pid>/setgroups at "allow", which images that switch users need.
import { HostSetupError } from '../base/errors.js';
import { idMapArgs, totalCount, type UserSubids } from '../host/subid.js';
import { runFile } from '../host/run-file.js';

export interface IdMapUser {
  uid: number;
  gid: number;
  name: string;
}

export function noSubidsError(user: IdMapUser, kind: 'subuid' | 'subgid'): HostSetupError {
  return new HostSetupError(
    `failed to setup UID/GID map: failed to compute uid/gid map: No ${kind} ranges found for user ${user.uid} (${JSON.stringify(user.name)})`,
    {
      code: 'BURROW_NO_SUBIDS',
      hint:
        `/etc/subuid and /etc/subgid must give ${user.name} at least 65,536 subordinate ids, e.g. as root:\n` +
        `  usermod --add-subuids 100000-165535 --add-subgids 100000-165535 ${user.name}\n` +
        `(pick a range no other user has; see \`burrow check\`)`,
    },
  );
}

export async function writeIdMaps(pid: number, user: IdMapUser, subids: UserSubids): Promise<void> {
  if (totalCount(subids.uids) === 0) throw noSubidsError(user, 'subuid');
  if (totalCount(subids.gids) === 0) throw noSubidsError(user, 'subgid');
  const calls = [
    ['newuidmap', idMapArgs(user.uid, subids.uids)],
    ['newgidmap', idMapArgs(user.gid, subids.gids)],
  ] as const;
  await Promise.all(
    calls.map(async ([tool, args]) => {
      const r = await runFile(tool, [String(pid), ...args]);
      if (r.code === null && /ENOENT/.test(r.stderr)) {
        throw new HostSetupError(`${tool} not found`, {
          code: 'BURROW_NO_NEWUIDMAP',
          hint: 'install the uidmap package as root: apt-get install -y uidmap',
        });
      }
      if (r.code !== 0) {
        throw new HostSetupError(`failed to setup UID/GID map: ${tool} ${pid} ${args.join(' ')} failed: ${r.stderr.trim()}`, {
          code: 'BURROW_IDMAP_FAILED',
          hint: `${tool} must be setuid root (or carry cap_setuid/cap_setgid) and the ranges must be yours in /etc/sub${tool === 'newuidmap' ? 'uid' : 'gid'}; run \`burrow check\``,
        });
      }
    }),
  );
}

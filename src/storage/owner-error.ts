// lchown fails with EINVAL when an id has no mapping in the user namespace: the image owns files
// by an id beyond the subordinate range. Docker users know this error by its text, so keep it,
// and say how to fix it.
import { readFile } from 'node:fs/promises';
import { errnoCode, HostSetupError } from '../base/errors.js';

async function mappedIds(file: string): Promise<number> {
  try {
    const text = await readFile(file, 'utf8');
    return text
      .split('\n')
      .map((line) => Number(line.trim().split(/\s+/)[2] ?? 0))
      .reduce((a, b) => a + b, 0);
  } catch {
    return 0;
  }
}

async function unmappedOwnerError(entryPath: string, uid: number, gid: number, cause: unknown): Promise<HostSetupError> {
  const [uids, gids] = await Promise.all([mappedIds('/proc/self/uid_map'), mappedIds('/proc/self/gid_map')]);
  const gidIsTheProblem = uid < uids && gid >= gids;
  const id = gidIsTheProblem ? `gid ${gid}` : `uid ${uid}`;
  // One mapped id is the user's own (it becomes 0); the rest are subordinate ids.
  const subordinate = Math.max((gidIsTheProblem ? gids : uids) - 1, 0);
  return new HostSetupError(`lchown ${entryPath}: invalid argument`, {
    code: 'UNMAPPED_OWNER',
    cause,
    hint:
      `the image has a file owned by ${id}, but only ${subordinate} subordinate ids are mapped into the user namespace; ` +
      'add a larger range to /etc/subuid and /etc/subgid (e.g. `usermod --add-subuids 100000-165535 --add-subgids 100000-165535 $USER`) ' +
      'and restart the daemon',
  });
}

/** Runs a chown of the entry at `rel`; EINVAL (an id without a mapping) becomes the explained error. */
export async function chownExplained(rel: string, uid: number, gid: number, chown: () => Promise<void>): Promise<void> {
  try {
    await chown();
  } catch (err) {
    if (errnoCode(err) === 'EINVAL') throw await unmappedOwnerError(`/${rel}`, uid, gid, err);
    throw err;
  }
}

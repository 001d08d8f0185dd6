// Taking over a socket path safely: a path that still answers belongs to a live daemon and is never
// clobbered; a path nobody answers on is a leftover from a crash and is removed, like dockerd does.
import { lstat, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { ConflictError, SystemError, errnoCode, errorMessage } from '../base/errors.js';

type Probe = 'live' | 'stale' | 'gone';

// EAGAIN: the listener's backlog is full, so it is busy but alive.
const PROBE_BY_ERRNO: Partial<Record<string, Probe>> = { ECONNREFUSED: 'stale', ENOENT: 'gone', EAGAIN: 'live' };

function probe(path: string): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve('live');
    });
    socket.once('error', (err) => {
      const code = errnoCode(err);
      const answer = code === undefined ? undefined : PROBE_BY_ERRNO[code];
      if (answer) resolve(answer);
      else reject(new SystemError(`cannot check whether ${path} is in use: ${err.message}`, { cause: err }));
    });
  });
}

/** Makes `path` free to listen on, or throws ConflictError if another process is serving it. */
export async function claimSocketPath(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return;
    throw new SystemError(`cannot inspect ${path}: ${errorMessage(err)}`, { cause: err });
  }
  if (!isSocket) {
    throw new ConflictError(`${path} exists and is not a socket; refusing to replace it`, {
      code: 'BURROW_SOCKET_PATH_TAKEN',
      hint: 'remove it or choose another socket path with -H unix://…',
    });
  }
  if ((await probe(path)) === 'live') {
    throw new ConflictError(`another daemon is already serving ${path}`, {
      code: 'BURROW_SOCKET_IN_USE',
      hint: 'stop the other daemon first, or choose another socket path with -H unix://…',
    });
  }
  await unlink(path).catch((err: unknown) => {
    if (errnoCode(err) !== 'ENOENT') throw err;
  });
}

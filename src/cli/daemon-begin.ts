// The part of `burrow daemon` that runs before the rest of the program has even loaded: the
// engine's Node.js boot is the slowest step of a start, so the namespaces are made and the engine
// is started first, and the parent loads, checks and configures itself while the engine boots.
// Anything unusual (root, no XDG_RUNTIME_DIR, --help) skips this; the full path then explains.
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../base/log.js';
import { currentUser } from '../host/current-user.js';
import { HostPaths } from '../host/host-paths.js';
import { readUserSubids } from '../host/subid.js';
import { beginDaemon, type DaemonBeginning } from '../rootless/begin.js';
import { COPIED_UP_MARK } from '../rootless/copyup.js';

const ENGINE_MAIN = fileURLToPath(new URL('../daemon/engine-main.js', import.meta.url));

export const HOLDER_READY_MARKS = [`/etc/${COPIED_UP_MARK}`, `/run/${COPIED_UP_MARK}`];

export function earlyLogger(args: readonly string[]): Logger {
  const debug = args.some((a) => a === '-D' || a === '--debug' || a === '--debug=true' || a === '--log-level=debug');
  return createLogger({ level: debug ? 'debug' : 'info' });
}

export function begin(host: HostPaths, logger: Logger): Promise<DaemonBeginning> {
  const user = currentUser();
  const detach = !['0', 'false'].includes(process.env.DOCKERD_ROOTLESS_ROOTLESSKIT_DETACH_NETNS ?? '');
  return readUserSubids(host, user.name, user.uid, user.gid).then((subids) =>
    beginDaemon({
      host,
      user: { uid: user.uid, gid: user.gid, name: user.name },
      subids,
      xdgRuntimeDir: process.env.XDG_RUNTIME_DIR ?? '',
      logger,
      detachNetns: detach,
      holderReadyMarks: HOLDER_READY_MARKS,
      engineArgv: [process.execPath, ENGINE_MAIN],
      engineEnv: (ctx) => ({
        ...process.env,
        ROOTLESSKIT_STATE_DIR: ctx.layout.dir,
        ROOTLESSKIT_PARENT_EUID: String(user.uid),
        ROOTLESSKIT_PARENT_EGID: String(user.gid),
      }),
    }),
  );
}

/** Starts early when nothing suggests the full path would refuse; a rejection is reported later. */
export function beginEarly(args: readonly string[]): Promise<DaemonBeginning> | undefined {
  if (process.getuid?.() === 0 || !process.env.XDG_RUNTIME_DIR) return undefined;
  if (args.some((a) => a === '-h' || a === '--help')) return undefined;
  const p = begin(new HostPaths(), earlyLogger(args));
  p.catch(() => undefined);
  return p;
}

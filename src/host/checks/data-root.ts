// The data-root must not be on NFS: NFS servers squash or refuse the chown to subordinate ids that
// layer extraction does ("lchown …: operation not permitted").
import { DaemonJsonError, daemonJsonPath, resolveDataRoot } from '../docker-dirs.js';
import { mountOf, readMountinfo } from '../mountinfo.js';
import { realHostPath } from '../real-path.js';
import { defineCheck, type CheckContext, type Finding } from './check.js';

const NETWORK_FS = new Set(['nfs', 'nfs4']);

async function detect(ctx: CheckContext): Promise<Finding> {
  let dataRoot;
  try {
    dataRoot = await resolveDataRoot(ctx.host, ctx.user);
  } catch (err) {
    if (!(err instanceof DaemonJsonError)) throw err;
    return { status: 'warn', summary: `cannot read the data-root setting: ${err.message}`, fix: [`# correct the JSON in ${daemonJsonPath(ctx.user)}`] };
  }
  const [real, mounts] = await Promise.all([realHostPath(ctx.host, dataRoot.path), readMountinfo(ctx.host)]);
  const mount = mountOf(mounts, real);
  const where = `${dataRoot.path}${real === dataRoot.path ? '' : ` (${real})`}`;
  if (mount !== undefined && NETWORK_FS.has(mount.fsType)) {
    return {
      status: 'fail',
      summary: `${where} is on ${mount.fsType} (${mount.source} at ${mount.mountPoint}), which rootless storage does not support`,
      fix: [`# choose a directory on a local disk and set it in ${daemonJsonPath(ctx.user)}:`, '{"data-root":"/somewhere-out-of-nfs"}'],
    };
  }
  const fs = mount === undefined ? '' : ` on ${mount.fsType}`;
  return { status: 'ok', summary: `${where}${fs}${dataRoot.configured ? ' (from daemon.json)' : ''}` };
}

export const dataRootCheck = defineCheck({ id: 'data-root', title: 'Data root', blocking: false }, detect);

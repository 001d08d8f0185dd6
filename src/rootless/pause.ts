// The namespace holder (Podman's "pause process"): a sleeping process that owns the user, mount
// and network namespaces, so they outlive any one engine process. It is started detached and
// recorded by pid + start time; a daemon that finds a live holder from an earlier run rejoins it
// instead of building new namespaces.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, readlink } from 'node:fs/promises';
import { HostSetupError } from '../base/errors.js';
import { copyUpScript, COPY_UP_DIRS } from './copyup.js';
import { identify, isAlive, type ProcIdentity } from '../process/proc-identity.js';
import type { HostPaths } from '../host/host-paths.js';

const READY = 'burrow-pause-ready';

export async function userNamespaceOf(pid: number | 'self'): Promise<string | undefined> {
  return readlink(`/proc/${pid}/ns/user`).catch(() => undefined);
}

/**
 * A recorded holder is reusable if it is the same process, lives in its own user namespace, and
 * its mount namespace was fully prepared (both copy-ups marked complete); it is looked at
 * through /proc/<pid>/root, which shows that namespace's mounts.
 */
export async function adoptable(recorded: ProcIdentity, copiedUpMarks: readonly string[]): Promise<boolean> {
  if (!(await isAlive(recorded))) return false;
  const [theirs, ours] = await Promise.all([userNamespaceOf(recorded.pid), userNamespaceOf('self')]);
  if (theirs === undefined || theirs === ours) return false;
  const marks = await Promise.all(copiedUpMarks.map((m) => access(`/proc/${recorded.pid}/root${m}`).then(() => true, () => false)));
  return marks.every(Boolean);
}

/**
 * Resolves once `child` (started through `unshare --user`) is in a user namespace of its own,
 * which is when its id maps can be written; explains the kernel's refusal if it exits first.
 */
export async function waitForUserNamespace(child: ChildProcess, host: HostPaths, stderr: () => string = () => '', timeoutMs = 10_000): Promise<void> {
  const ours = await userNamespaceOf('self');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const theirs = child.pid === undefined ? undefined : await userNamespaceOf(child.pid);
    if (theirs !== undefined && theirs !== ours) return;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) throw await usernsRefused(host, stderr());
    if (Date.now() > deadline) throw new Error(`no new user namespace within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Explains why the kernel refused a user namespace, with the reference's fixes. */
export async function usernsRefused(host: HostPaths, stderr: string): Promise<HostSetupError> {
  const [clone, max, apparmor] = await Promise.all([
    host.readTrim('/proc/sys/kernel/unprivileged_userns_clone'),
    host.readTrim('/proc/sys/user/max_user_namespaces'),
    host.readTrim('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
  ]);
  const msg = `failed to start the child: ${stderr.trim() || 'unshare failed'}`;
  if (clone === '0') {
    return new HostSetupError(msg, {
      code: 'BURROW_USERNS_DISABLED',
      hint: 'unprivileged user namespaces are disabled (/proc/sys/kernel/unprivileged_userns_clone is 0). As root:\n' +
        '  echo kernel.unprivileged_userns_clone=1 > /etc/sysctl.d/50-rootless.conf && sysctl --system',
    });
  }
  if (max === '0') {
    return new HostSetupError(msg, {
      code: 'BURROW_USERNS_MAX',
      hint: '/proc/sys/user/max_user_namespaces is 0. As root:\n' +
        '  echo user.max_user_namespaces=28633 > /etc/sysctl.d/51-rootless.conf && sysctl --system',
    });
  }
  if (apparmor === '1') {
    return new HostSetupError(msg, {
      code: 'BURROW_USERNS_APPARMOR',
      hint: 'AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1, Ubuntu 24.04+); ' +
        'allow `userns,` for /usr/bin/unshare in an AppArmor profile, or run `burrow check` for the exact profile',
    });
  }
  return new HostSetupError(msg, { code: 'BURROW_USERNS_FAILED', hint: 'run `burrow check` to find the missing prerequisite' });
}

/**
 * Starts the holder inside the engine's new user and mount namespaces (the engine made them, so
 * they exist from its first millisecond): with detach-netns it also makes the network namespace
 * the containers will share, otherwise it joins the engine's. It copies up /etc and /run, then
 * reports ready and sleeps. Run once the id maps are written: before that it could not create files.
 */
export async function createHolder(enginePid: number, detachNetns: boolean, timeoutMs = 10_000): Promise<ProcIdentity> {
  const enter = ['--user', '--preserve-credentials', '--mount', ...(detachNetns ? [] : ['--net']), '-t', String(enginePid), '--'];
  const script = `${copyUpScript()}\necho ${READY}\nexec sleep infinity </dev/null >/dev/null 2>&1`;
  const child = spawn(
    'nsenter',
    [...enter, ...(detachNetns ? ['unshare', '--net', '--'] : []), '/bin/sh', '-c', script],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const outcome = await new Promise<'ready' | 'exit' | 'timeout'>((resolve) => {
    const timer = setTimeout(() => { resolve('timeout'); }, timeoutMs);
    child.stdout.on('data', (d: string) => {
      out += d;
      if (out.includes(READY)) {
        clearTimeout(timer);
        resolve('ready');
      }
    });
    child.on('error', (e) => { err += e.message; clearTimeout(timer); resolve('exit'); });
    child.on('exit', () => { clearTimeout(timer); resolve('exit'); });
  });
  child.stdout.destroy();
  child.stderr.destroy();
  if (outcome !== 'ready' || child.pid === undefined) {
    child.kill('SIGKILL');
    if (outcome === 'timeout') throw new Error(`the namespace holder did not start within ${timeoutMs} ms`);
    throw new Error(`the namespace holder failed to prepare the mount namespace (copy-up of ${COPY_UP_DIRS.join(', ')}): ${err.trim() || 'it exited'}`);
  }
  child.unref();
  const id = await identify(child.pid);
  if (!id) throw new Error('the namespace holder exited right after starting');
  return id;
}

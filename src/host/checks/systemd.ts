// A systemd user session with D-Bus lets `burrow install` manage the daemon as a user unit (and
// is what a systemd cgroup driver would talk to); without one the daemon is started by hand.
import type { HostPaths } from '../host-paths.js';
import { defineCheck, type CheckContext, type Finding } from './check.js';
import { installFix } from './install-fix.js';

/** sd_booted(3): systemd is PID 1 exactly when this directory exists. */
export async function isSystemdHost(host: HostPaths): Promise<boolean> {
  return host.exists('/run/systemd/system/');
}

async function detect(ctx: CheckContext): Promise<Finding> {
  if (!(await isSystemdHost(ctx.host))) {
    return { status: 'info', summary: 'non-systemd host: start `burrow daemon` manually' };
  }
  const { env } = ctx.user;
  const runtimeDir = env.XDG_RUNTIME_DIR;
  const busSocket = runtimeDir === undefined || runtimeDir === '' ? undefined : `${runtimeDir}/bus`;
  if (env.DBUS_SESSION_BUS_ADDRESS !== undefined && env.DBUS_SESSION_BUS_ADDRESS !== '') {
    return { status: 'ok', summary: `systemd user session, D-Bus at ${env.DBUS_SESSION_BUS_ADDRESS}` };
  }
  if (busSocket !== undefined && (await ctx.host.exists(busSocket))) {
    return { status: 'ok', summary: `systemd user session, D-Bus at ${busSocket}` };
  }
  const { name } = ctx.user;
  return {
    status: 'warn',
    summary: 'systemd host, but no D-Bus user session (no DBUS_SESSION_BUS_ADDRESS, no $XDG_RUNTIME_DIR/bus)',
    fix: [
      await installFix(ctx.host, { apt: 'dbus-user-session', dnf: 'dbus-daemon', zypper: 'dbus-1', pacman: 'dbus' }),
      `# then log in again through pam_systemd (not su/sudo): ssh ${name}@localhost, or sudo machinectl shell ${name}@`,
      '# if it still fails: systemctl --user enable --now dbus',
    ],
  };
}

export const systemdCheck = defineCheck({ id: 'systemd', title: 'systemd user session', blocking: false }, detect);

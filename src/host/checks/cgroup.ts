// Resource limits need cgroup v2 plus systemd delegating controllers to the user; otherwise the
// cgroup driver is "none" and --memory/--cpus/--pids-limit are silently ignored, as in Docker.
import { delegatedControllers, detectCgroupLayout, userServiceCgroup } from '../cgroup.js';
import { defineCheck, type CheckContext, type Finding } from './check.js';
import { isSystemdHost } from './systemd.js';

const WANTED = ['cpu', 'cpuset', 'io', 'memory', 'pids'];

const DELEGATE_FIX = [
  'sudo mkdir -p /etc/systemd/system/user@.service.d',
  "printf '[Service]\\nDelegate=cpu cpuset io memory pids\\n' | sudo tee /etc/systemd/system/user@.service.d/delegate.conf",
  'sudo systemctl daemon-reload',
  '# delegating cpuset needs systemd 244 or later; log in again afterwards',
];

const NONE = 'Cgroup Driver: none — --memory/--cpus/--pids-limit are ignored';

async function detect(ctx: CheckContext): Promise<Finding> {
  const layout = await detectCgroupLayout(ctx.host);
  if (layout !== 'v2') {
    return {
      status: 'info',
      summary: `${NONE} (cgroup ${layout === 'hybrid' ? 'v1/v2 hybrid' : 'v1'} host)`,
      detail: 'This is expected on a cgroup v1 host. To use these flags, the host needs to be configured for enabling cgroup v2 (and systemd).',
      fix: [
        '# boot with cgroup v2: add systemd.unified_cgroup_hierarchy=1 to GRUB_CMDLINE_LINUX in /etc/default/grub, then',
        'sudo update-grub',
        'sudo reboot',
      ],
    };
  }
  if (!(await isSystemdHost(ctx.host))) {
    return { status: 'info', summary: `${NONE} (cgroup v2, but limits need systemd to delegate a cgroup to ${ctx.user.name})` };
  }
  const { uid } = ctx.user;
  const delegated = await delegatedControllers(ctx.host, uid);
  if (delegated === undefined) {
    return {
      status: 'warn',
      summary: `${NONE}: no systemd user manager for uid ${uid} (${userServiceCgroup(uid)} is missing)`,
      fix: [`# log in through pam_systemd (ssh ${ctx.user.name}@localhost or sudo machinectl shell ${ctx.user.name}@), or keep it running:`, `sudo loginctl enable-linger ${ctx.user.name}`],
    };
  }
  const missing = WANTED.filter((c) => !delegated.includes(c));
  if (missing.length > 0) {
    return {
      status: 'warn',
      summary: `cgroup v2; controllers not delegated to ${ctx.user.name}: ${missing.join(' ')} (the matching limits are ignored)`,
      fix: DELEGATE_FIX,
    };
  }
  return { status: 'ok', summary: `cgroup v2, delegated: ${delegated.join(' ')}` };
}

export const cgroupCheck = defineCheck({ id: 'cgroup', title: 'cgroup', blocking: false }, detect);

// Burrow listens for published ports as the user, so host ports below
// net.ipv4.ip_unprivileged_port_start cannot be published.
import { readSysctl, sysctlFix } from '../sysctl.js';
import { defineCheck } from './check.js';

const NAME = 'net.ipv4.ip_unprivileged_port_start';

export const privilegedPortsCheck = defineCheck({ id: 'privileged-ports', title: 'Privileged ports', blocking: false }, async (ctx) => {
  const start = Number(await readSysctl(ctx.host, NAME));
  if (!Number.isSafeInteger(start)) return { status: 'info', summary: `${NAME} is not readable` };
  if (start === 0) return { status: 'ok', summary: 'every port can be published' };
  return {
    status: 'info',
    summary: `ports below ${start} cannot be published (${NAME} = ${start}); use e.g. -p 8080:80`,
    fix: [
      '# recommended:',
      ...sysctlFix(NAME, '0', '54-rootless-ports.conf'),
      '# or give node the capability (too broad: every Node.js program on the host gets it), then restart Burrow:',
      'sudo setcap cap_net_bind_service=ep $(readlink -f $(which node))',
    ],
  };
});

// ping in a container opens an ICMP datagram socket, which the kernel allows only for groups in
// net.ipv4.ping_group_range; the default "1 0" is an empty range.
import { parseSysctlInts, readSysctl, sysctlFix } from '../sysctl.js';
import { defineCheck } from './check.js';

const NAME = 'net.ipv4.ping_group_range';

export const pingCheck = defineCheck({ id: 'ping', title: 'ping in containers', blocking: false }, async (ctx) => {
  const value = await readSysctl(ctx.host, NAME);
  const range = value === undefined ? undefined : parseSysctlInts(value);
  if (range === undefined || range.length !== 2) return { status: 'info', summary: `${NAME} is not readable; ping may not work` };
  const [low = 1, high = 0] = range;
  const { gid } = ctx.user;
  if (low <= gid && gid <= high) return { status: 'ok', summary: `${NAME} = ${low} ${high}` };
  return {
    status: 'warn',
    summary: `${NAME} = ${low} ${high}${low > high ? ' (empty)' : ` excludes gid ${gid}`}: ping from containers does not reach beyond their networks (slirp4netns needs it)`,
    fix: sysctlFix(NAME, '0 2147483647', '53-rootless-ping.conf'),
  };
});

// slirp4netns and pasta open /dev/net/tun from inside the user namespace, so the device node
// itself must be readable and writable by the user.
import { defineCheck } from './check.js';

const TUN = '/dev/net/tun';

export const tunCheck = defineCheck({ id: 'tun', title: '/dev/net/tun', blocking: false }, async (ctx) => {
  if (!(await ctx.host.exists(TUN))) {
    return { status: 'warn', summary: `${TUN} does not exist; slirp4netns and pasta cannot create the tap device`, fix: ['sudo modprobe tun'] };
  }
  if (!(await ctx.host.canReadWrite(TUN))) {
    return { status: 'warn', summary: `${TUN} is not readable and writable by ${ctx.user.name}`, fix: [`sudo chmod 0666 ${TUN}`] };
  }
  return { status: 'ok', summary: `${TUN} usable` };
});

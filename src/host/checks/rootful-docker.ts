// A system-wide Docker does not stop Burrow, but clients that use the default socket
// (/var/run/docker.sock) keep talking to it instead of Burrow.
import { findProcesses } from '../processes.js';
import { defineCheck } from './check.js';

const SOCKET = '/var/run/docker.sock';

export const rootfulDockerCheck = defineCheck({ id: 'rootful-docker', title: 'System-wide Docker', blocking: false }, async (ctx) => {
  const [socket, writable, dockerds] = await Promise.all([ctx.host.exists(SOCKET), ctx.host.canReadWrite(SOCKET), findProcesses(ctx.host, 'dockerd')]);
  const rootDaemons = dockerds.filter((p) => p.uid === 0).map((p) => p.pid);
  if (!socket && rootDaemons.length === 0) return { status: 'ok', summary: 'no system-wide Docker daemon or socket' };
  const seen = [
    ...(socket ? [`${SOCKET}${writable ? ` (writable by ${ctx.user.name})` : ''}`] : []),
    ...(rootDaemons.length > 0 ? [`dockerd running as root (pid ${rootDaemons.join(', ')})`] : []),
  ];
  const runtimeDir = ctx.user.env.XDG_RUNTIME_DIR ?? `/run/user/${ctx.user.uid}`;
  return {
    status: 'warn',
    summary: `rootful Docker found: ${seen.join(', ')}. Burrow ignores it, but clients using the default socket talk to rootful Docker`,
    fix: [
      '# consider disabling it:',
      'sudo systemctl disable --now docker.service docker.socket',
      `sudo rm ${SOCKET}`,
      '# or keep it, and point clients at Burrow:',
      `export DOCKER_HOST=unix://${runtimeDir}/docker.sock`,
    ],
  };
});

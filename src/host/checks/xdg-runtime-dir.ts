// $XDG_RUNTIME_DIR holds the API socket and runtime state: it must belong to the user alone
// (0700) and not sit under /tmp, where another user could plant it first (TOCTOU).
import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { defineCheck, type CheckContext, type Finding } from './check.js';
import { isSystemdHost } from './systemd.js';

async function howToSetIt(ctx: CheckContext): Promise<string[]> {
  const { name, uid, home } = ctx.user;
  if (await isSystemdHost(ctx.host)) {
    return [
      `# log in through pam_systemd (not su/sudo), which sets XDG_RUNTIME_DIR=/run/user/${uid}:`,
      `ssh ${name}@localhost`,
      `# or: sudo machinectl shell ${name}@`,
      `# or keep the directory without a login: sudo loginctl enable-linger ${name}, then export XDG_RUNTIME_DIR=/run/user/${uid}`,
    ];
  }
  const dir = `${home}/.docker/run`;
  return [
    '# non-systemd host: use a private directory, and remove it on every logout',
    `export XDG_RUNTIME_DIR=${dir}`,
    `rm -rf ${dir}`,
    `mkdir -p -m 0700 ${dir}`,
  ];
}

function isUnderTmp(dir: string): boolean {
  const normal = posix.normalize(dir);
  return normal === '/tmp' || normal.startsWith('/tmp/');
}

async function detect(ctx: CheckContext): Promise<Finding> {
  const dir = ctx.user.env.XDG_RUNTIME_DIR;
  if (dir === undefined || dir === '') return { status: 'fail', summary: 'XDG_RUNTIME_DIR is not set', fix: await howToSetIt(ctx) };
  if (!posix.isAbsolute(dir)) return { status: 'fail', summary: `XDG_RUNTIME_DIR=${dir} is not an absolute path`, fix: await howToSetIt(ctx) };
  if (isUnderTmp(dir)) {
    return { status: 'fail', summary: `XDG_RUNTIME_DIR=${dir} is under /tmp, where another user could create it first`, fix: await howToSetIt(ctx) };
  }
  let st;
  try {
    st = await stat(ctx.host.path(dir));
  } catch {
    return { status: 'fail', summary: `XDG_RUNTIME_DIR=${dir} does not exist`, fix: await howToSetIt(ctx) };
  }
  const { name, uid } = ctx.user;
  if (!st.isDirectory()) return { status: 'fail', summary: `XDG_RUNTIME_DIR=${dir} is not a directory`, fix: await howToSetIt(ctx) };
  if (st.uid !== uid) {
    return { status: 'fail', summary: `XDG_RUNTIME_DIR=${dir} is owned by uid ${st.uid}, not ${name} (${uid})`, fix: [`sudo chown ${name}: ${dir}`, `chmod 0700 ${dir}`] };
  }
  const mode = st.mode & 0o777;
  if (mode !== 0o700) {
    return { status: 'fail', summary: `XDG_RUNTIME_DIR=${dir} has mode ${mode.toString(8).padStart(4, '0')}, not 0700`, fix: [`chmod 0700 ${dir}`] };
  }
  return { status: 'ok', summary: dir };
}

export const xdgRuntimeDirCheck = defineCheck({ id: 'xdg-runtime-dir', title: 'XDG_RUNTIME_DIR', blocking: true }, detect);

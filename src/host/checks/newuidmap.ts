// newuidmap/newgidmap are the only privileged pieces of rootless mode: they must be setuid root or
// carry cap_setuid/cap_setgid, otherwise only the user's own id can be mapped.
import { stat } from 'node:fs/promises';
import { findBinary } from '../binaries.js';
import { getcapGrants } from '../file-caps.js';
import { defineCheck, execOf, type CheckContext } from './check.js';
import { installFix } from './install-fix.js';

// node's fs.constants lacks the setuid bit (S_ISUID in <sys/stat.h>).
const S_ISUID = 0o4000;

type Verdict = 'setuid root' | 'file capability' | 'no privilege' | 'unknown';

interface Tool {
  name: 'newuidmap' | 'newgidmap';
  cap: 'cap_setuid' | 'cap_setgid';
}

const TOOLS: readonly Tool[] = [
  { name: 'newuidmap', cap: 'cap_setuid' },
  { name: 'newgidmap', cap: 'cap_setgid' },
];

async function verdictFor(ctx: CheckContext, path: string, cap: string, getcap: string | undefined): Promise<Verdict> {
  const st = await stat(ctx.host.path(path));
  if (st.uid === 0 && (st.mode & S_ISUID) !== 0) return 'setuid root';
  if (getcap === undefined) return 'unknown';
  const out = await execOf(ctx)(ctx.host.path(getcap), [ctx.host.path(path)], { env: ctx.user.env });
  if (out.code !== 0) return 'unknown';
  return getcapGrants(out.stdout, cap) ? 'file capability' : 'no privilege';
}

export const newuidmapCheck = defineCheck({ id: 'newuidmap', title: 'newuidmap/newgidmap', blocking: true }, async (ctx) => {
  const env = ctx.user.env;
  const located = await Promise.all(TOOLS.map(async (t) => ({ ...t, path: await findBinary(ctx.host, env, t.name) })));
  const missing = located.filter((t) => t.path === undefined).map((t) => t.name);
  if (missing.length > 0) {
    return {
      status: 'fail',
      summary: `${missing.join(' and ')} not found`,
      fix: [await installFix(ctx.host, { apt: 'uidmap', dnf: 'shadow-utils', zypper: 'shadow', pacman: 'shadow' })],
    };
  }
  // getcap is only run for a tool that is not setuid root, so the daemon's start-up normally spawns nothing.
  const getcap = await findBinary(ctx.host, env, 'getcap');
  const judged = await Promise.all(
    located.map(async (t) => {
      const path = t.path ?? t.name;
      return { path, verdict: await verdictFor(ctx, path, t.cap, getcap) };
    }),
  );
  const unprivileged = judged.filter((t) => t.verdict === 'no privilege').map((t) => t.path);
  if (unprivileged.length > 0) {
    return {
      status: 'fail',
      summary: `${unprivileged.join(' and ')} neither setuid root nor given file capabilities`,
      fix: unprivileged.flatMap((p) => [`sudo chown root:root ${p}`, `sudo chmod u+s ${p}`]),
    };
  }
  const unknown = judged.filter((t) => t.verdict === 'unknown').map((t) => t.path);
  if (unknown.length > 0) {
    const lookup = unknown.map((p) => `getcap ${p}`);
    return {
      status: 'warn',
      summary: `${unknown.join(' and ')} not setuid root, and its file capabilities could not be read${getcap === undefined ? ' (getcap not installed)' : ''}`,
      fix: getcap === undefined ? [await installFix(ctx.host, { apt: 'libcap2-bin', dnf: 'libcap', zypper: 'libcap-progs', pacman: 'libcap' }), ...lookup] : lookup,
    };
  }
  return { status: 'ok', summary: judged.map((t) => `${t.path} (${t.verdict})`).join(', ') };
});

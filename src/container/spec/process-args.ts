import type { ContainerConfigFields } from '../../image/config.js';
import type { CreateConfig, ResolvedUser } from './input.js';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const INIT_PATH = '/sbin/docker-init';

// moby's daemon merge: an Entrypoint given at create (even empty, which resets it) discards
// the image's Cmd unless a Cmd is given too; otherwise an empty Cmd falls back to the image's.
export function mergeArgs(image: ContainerConfigFields, config: CreateConfig, init: boolean): string[] {
  const userEntrypoint = config.Entrypoint;
  const userCmd = config.Cmd ?? [];
  let entrypoint: string[];
  let cmd: string[];
  if (userEntrypoint != null && userEntrypoint.length > 0) {
    entrypoint = userEntrypoint;
    cmd = userCmd;
  } else {
    entrypoint = userEntrypoint ?? image.Entrypoint ?? [];
    cmd = userCmd.length > 0 ? userCmd : (image.Cmd ?? []);
  }
  const args = [...entrypoint, ...cmd];
  if (args.length === 0) throw new Error('No command specified');
  return init ? [INIT_PATH, '--', ...args] : args;
}

// Docker's ReplaceOrAppendEnvValues: a later KEY=V replaces KEY in place, a bare KEY unsets it.
export function applyEnv(env: string[], changes: readonly string[]): string[] {
  let out = env;
  for (const entry of changes) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    const index = out.findIndex((e) => e === key || e.startsWith(`${key}=`));
    if (eq < 0) {
      out = out.filter((_, i) => i !== index);
    } else if (index < 0) {
      out = [...out, entry];
    } else {
      out = out.map((e, i) => (i === index ? entry : e));
    }
  }
  return out;
}

export function mergeEnv(image: ContainerConfigFields, config: CreateConfig, hostname: string, user: ResolvedUser): string[] {
  const base = [`PATH=${DEFAULT_PATH}`, `HOSTNAME=${hostname}`];
  if (config.Tty === true) base.push('TERM=xterm');
  const env = applyEnv(applyEnv(base, image.Env ?? []), config.Env ?? []);
  if (!env.some((e) => e.startsWith('HOME='))) env.push(`HOME=${user.home ?? '/'}`);
  return env;
}

export function workingDir(image: ContainerConfigFields, config: CreateConfig): string {
  const dir = config.WorkingDir !== undefined && config.WorkingDir !== '' ? config.WorkingDir : image.WorkingDir;
  return dir !== undefined && dir !== '' ? dir : '/';
}

// `docker import --change` / `docker commit --change`: the Dockerfile instructions that only set
// configuration (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR, STOPSIGNAL, ONBUILD).
import { InvalidParameterError } from '../base/errors.js';
import type { ContainerConfigFields } from './config.js';

/** Exec form (a JSON array) or shell form, which runs through /bin/sh -c as in a Dockerfile. */
function command(arg: string): string[] {
  if (arg.trimStart().startsWith('[')) {
    try {
      const v = JSON.parse(arg) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    } catch {
      // not JSON: shell form after all, as the Dockerfile parser decides
    }
  }
  return ['/bin/sh', '-c', arg];
}

/** `k=v k2="v 2"` or the legacy `k v`. */
function keyValues(arg: string, legacySpace: boolean): [string, string][] {
  if (legacySpace && !arg.split(/\s+/)[0]?.includes('=')) {
    const sp = arg.search(/\s/);
    return [[sp < 0 ? arg : arg.slice(0, sp), sp < 0 ? '' : arg.slice(sp + 1).trim()]];
  }
  const out: [string, string][] = [];
  for (const m of arg.matchAll(/([^\s=]+)=("((?:[^"\\]|\\.)*)"|'([^']*)'|(\S*))/g)) {
    out.push([m[1] ?? '', m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? m[5] ?? '')]);
  }
  return out;
}

export function applyChanges(base: ContainerConfigFields, changes: readonly string[]): ContainerConfigFields {
  const cfg: ContainerConfigFields = { ...base };
  for (const change of changes.flatMap((c) => c.split('\n')).map((c) => c.trim()).filter((c) => c !== '')) {
    const sp = change.search(/\s/);
    const instr = (sp < 0 ? change : change.slice(0, sp)).toUpperCase();
    const arg = sp < 0 ? '' : change.slice(sp + 1).trim();
    switch (instr) {
      case 'CMD': cfg.Cmd = command(arg); break;
      case 'ENTRYPOINT': cfg.Entrypoint = command(arg); break;
      case 'USER': cfg.User = arg; break;
      case 'WORKDIR': cfg.WorkingDir = arg; break;
      case 'STOPSIGNAL': cfg.StopSignal = arg; break;
      case 'ENV': {
        const env = [...(cfg.Env ?? [])];
        for (const [k, v] of keyValues(arg, true)) {
          const i = env.findIndex((e) => e.split('=')[0] === k);
          if (i >= 0) env[i] = `${k}=${v}`;
          else env.push(`${k}=${v}`);
        }
        cfg.Env = env;
        break;
      }
      case 'LABEL': cfg.Labels = { ...(cfg.Labels ?? {}), ...Object.fromEntries(keyValues(arg, true)) }; break;
      case 'EXPOSE': {
        const ports = { ...(cfg.ExposedPorts ?? {}) };
        for (const p of arg.split(/\s+/)) ports[p.includes('/') ? p : `${p}/tcp`] = {};
        cfg.ExposedPorts = ports;
        break;
      }
      case 'VOLUME': {
        const vols = { ...(cfg.Volumes ?? {}) };
        for (const v of arg.startsWith('[') ? command(arg) : arg.split(/\s+/)) vols[v] = {};
        cfg.Volumes = vols;
        break;
      }
      case 'ONBUILD': cfg.OnBuild = [...(cfg.OnBuild ?? []), arg]; break;
      default:
        throw new InvalidParameterError(`${instr} is not a valid change command`);
    }
  }
  return cfg;
}

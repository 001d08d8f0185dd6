// An OCI runtime being installed is not enough: crun 1.8 refuses hybrid cgroup hosts, so every
// installed runtime really starts a container here, and the report names the one that works.
import { findBinary } from '../binaries.js';
import { probeRuntime } from '../oci-probe.js';
import { defineCheck, execOf, type CheckContext, type Finding } from './check.js';
import { installFix } from './install-fix.js';

const RUNTIMES = ['runc', 'crun'] as const;

interface Probed {
  label: string;
  ok: boolean;
  stderr: string;
}

/** The line worth showing from a runtime's stderr; runc logs logrus lines (`level=error msg="…"`). */
export function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const logrus = lines.map((l) => /level=(?:error|fatal) msg="((?:[^"\\]|\\.)*)"/.exec(l)?.[1]).filter((m) => m !== undefined);
  const line = logrus.at(-1) ?? lines.at(-1) ?? 'exited without a message';
  return line.replaceAll('\\"', '"');
}

async function probe(ctx: CheckContext, unshare: string, name: string, path: string): Promise<Probed> {
  const exec = execOf(ctx);
  const [version, result] = await Promise.all([
    exec(ctx.host.path(path), ['--version'], { env: ctx.user.env }),
    probeRuntime({ run: exec, host: ctx.host, unshare, runtime: path, env: ctx.user.env }),
  ]);
  const number = /version (\S+)/.exec(version.stdout)?.[1];
  return { label: number === undefined ? name : `${name} ${number}`, ...result };
}

async function detect(ctx: CheckContext): Promise<Finding> {
  const env = ctx.user.env;
  const located = await Promise.all(RUNTIMES.map(async (name) => ({ name, path: await findBinary(ctx.host, env, name) })));
  const installed = located.flatMap(({ name, path }) => (path === undefined ? [] : [{ name, path }]));
  const runcFix = await installFix(ctx.host, { apt: 'runc' });
  if (installed.length === 0) return { status: 'fail', summary: 'neither runc nor crun is installed', fix: [runcFix] };
  const unshare = await findBinary(ctx.host, env, 'unshare');
  if (unshare === undefined) {
    return { status: 'fail', summary: 'unshare (util-linux) not found; it is needed to enter a user namespace', fix: [await installFix(ctx.host, { apt: 'util-linux' })] };
  }
  const probed = await Promise.all(installed.map(({ name, path }) => probe(ctx, unshare, name, path)));
  const working = probed.filter((p) => p.ok).map((p) => p.label);
  const failing = probed.filter((p) => !p.ok);
  const refusals = failing.map((p) => `${p.label} cannot: ${errorLine(p.stderr)}`);
  // The whole stderr only when it says more than the line already in the summary.
  const verbose = failing.filter((p) => p.stderr !== errorLine(p.stderr));
  const detail = verbose.length === 0 ? {} : { detail: verbose.map((p) => `${p.label}:\n${p.stderr}`).join('\n') };
  if (working.length > 0) {
    return { status: 'ok', summary: [`${working.join(' and ')} ${working.length === 1 ? 'starts' : 'start'} containers here`, ...refusals].join('; '), ...detail };
  }
  const runcInstalled = installed.some((r) => r.name === 'runc');
  return {
    status: 'fail',
    summary: `no OCI runtime can start a container here: ${refusals.join('; ')}`,
    ...detail,
    ...(runcInstalled ? {} : { fix: [runcFix] }),
  };
}

export const ociRuntimeCheck = defineCheck({ id: 'oci-runtime', title: 'OCI runtime', blocking: true }, detect);

// The containers' network needs a user-mode driver: slirp4netns ≥ 0.4.0 (the first with
// --netns-type, which Burrow needs to attach to a pinned netns), pasta or vpnkit.
import { findBinary } from '../binaries.js';
import { defineCheck, execOf, type CheckContext, type Finding } from './check.js';
import { installFix } from './install-fix.js';

interface Slirp {
  path: string;
  version: string | undefined;
  usable: boolean;
}

async function probeSlirp(ctx: CheckContext, path: string): Promise<Slirp> {
  const exec = execOf(ctx);
  const real = ctx.host.path(path);
  const [help, version] = await Promise.all([exec(real, ['--help'], { env: ctx.user.env }), exec(real, ['--version'], { env: ctx.user.env })]);
  return {
    path,
    version: /slirp4netns version (\S+)/.exec(version.stdout)?.[1],
    usable: `${help.stdout}${help.stderr}`.includes('--netns-type'),
  };
}

async function detect(ctx: CheckContext): Promise<Finding> {
  const env = ctx.user.env;
  const [slirpPath, pasta, vpnkit] = await Promise.all(['slirp4netns', 'pasta', 'vpnkit'].map((n) => findBinary(ctx.host, env, n)));
  const slirp = slirpPath === undefined ? undefined : await probeSlirp(ctx, slirpPath);
  const drivers = [
    ...(slirp?.usable === true ? [`slirp4netns ${slirp.version ?? ''}`.trim()] : []),
    ...(pasta === undefined ? [] : ['pasta']),
    ...(vpnkit === undefined ? [] : ['vpnkit']),
  ];
  const tooOld = slirp !== undefined && !slirp.usable ? `${slirp.path} is older than 0.4.0 (its --help lacks --netns-type)` : undefined;
  if (drivers.length === 0) {
    return {
      status: 'fail',
      summary: tooOld ?? 'no network driver: none of slirp4netns, pasta, vpnkit is installed',
      fix: [await installFix(ctx.host, { apt: 'slirp4netns' }), '# or a newer release from https://github.com/rootless-containers/slirp4netns/releases'],
    };
  }
  return { status: 'ok', summary: drivers.join(', '), ...(tooOld === undefined ? {} : { detail: tooOld }) };
}

export const networkCheck = defineCheck({ id: 'network', title: 'Network driver', blocking: true }, detect);

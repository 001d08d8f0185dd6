// Starts /bin/true with an OCI runtime the way a rootless engine will: inside a fresh user
// namespace, with no cgroup settings. A runtime that is installed but refuses this host (crun 1.8
// rejects hybrid cgroups) is only caught by really running it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostPaths } from './host-paths.js';
import type { RunFile } from './run-file.js';

export interface RuntimeProbeResult {
  ok: boolean;
  /** What the runtime (or unshare) printed on failure. */
  stderr: string;
}

// The host's program directories, bound read-only into an empty rootfs; the host's / itself cannot
// be the rootfs because pivot_root refuses to pivot onto the current root.
const HOST_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

function probeSpec(hostDirs: readonly string[]): object {
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: ['/bin/true'],
      env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'],
      cwd: '/',
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: true },
    hostname: 'burrow-probe',
    mounts: [
      // A fresh /dev: the runtime bind-mounts device nodes onto it, which fails on the host's /dev (/dev/tty).
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=1m'] },
      { destination: '/proc', type: 'proc', source: 'proc' },
      ...hostDirs.map((d) => ({ destination: d, type: 'bind', source: d, options: ['rbind', 'ro'] })),
    ],
    // No user namespace (we are already in one), no resources and no cgroupsPath: exactly what a
    // rootless engine without a cgroup driver asks for.
    linux: { namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }] },
  };
}

export interface ProbeOptions {
  run: RunFile;
  host: HostPaths;
  /** host path of unshare(1) */
  unshare: string;
  /** host path of the runtime binary */
  runtime: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export async function probeRuntime(opts: ProbeOptions): Promise<RuntimeProbeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'burrow-probe-'));
  try {
    const bundle = join(dir, 'bundle');
    await mkdir(join(bundle, 'rootfs'), { recursive: true });
    const present = await Promise.all(HOST_DIRS.map(async (d) => ((await opts.host.exists(d)) ? [opts.host.path(d)] : [])));
    await writeFile(join(bundle, 'config.json'), JSON.stringify(probeSpec(present.flat())));
    const result = await opts.run(
      opts.host.path(opts.unshare),
      ['--user', '--map-root-user', '--mount', '--', opts.host.path(opts.runtime), '--root', join(dir, 'state'), 'run', '--bundle', bundle, `burrow-probe-${process.pid}`],
      { timeoutMs: opts.timeoutMs ?? 10_000, env: opts.env },
    );
    return { ok: result.code === 0, stderr: result.stderr.trim() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

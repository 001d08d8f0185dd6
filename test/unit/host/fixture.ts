// Fixture trees for host checks: test/fixtures/host/<scenario>/ copied into a temp root, plus
// files and stub executables a test adds at run time, read through HostPaths(root).
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HostPaths, type HostUser } from '../../../src/host/host-paths.js';
import type { CheckContext } from '../../../src/host/checks/check.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the test file');
    dir = up;
  }
  return dir;
}

export function fixturePath(scenario: string): string {
  return join(repoRoot(), 'test', 'fixtures', 'host', scenario);
}

export interface TreeOptions {
  /** Extra or replaced files, by host path. */
  files?: Record<string, string>;
  /** Stub executables created under /usr/bin. */
  bins?: string[];
}

export interface Tree {
  root: string;
  host: HostPaths;
  /** The real path of a host path inside the tree. */
  path(hostPath: string): string;
  cleanup(): Promise<void>;
}

export async function makeTree(scenario: string | undefined, options: TreeOptions = {}): Promise<Tree> {
  const root = await mkdtemp(join(tmpdir(), 'burrow-host-'));
  if (scenario !== undefined) await cp(fixturePath(scenario), root, { recursive: true });
  const host = new HostPaths(root);
  for (const [hostPath, text] of Object.entries(options.files ?? {})) {
    await mkdir(dirname(host.path(hostPath)), { recursive: true });
    await writeFile(host.path(hostPath), text);
  }
  for (const name of options.bins ?? []) {
    const file = host.path(`/usr/bin/${name}`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, '#!/bin/sh\nexit 0\n');
    await chmod(file, 0o755);
  }
  return { root, host, path: (p) => host.path(p), cleanup: () => rm(root, { recursive: true, force: true }) };
}

export function alice(overrides: Partial<HostUser> = {}, env: NodeJS.ProcessEnv = {}): HostUser {
  return { uid: 1000, gid: 1000, name: 'alice', home: '/home/alice', env: { PATH: '/usr/bin', ...env }, ...overrides };
}

export interface ExecCall {
  file: string;
  args: string[];
}

type Reply = { code: number | null; stdout?: string; stderr?: string };

/** A fake spawner answering by the program's base name; records every call. */
export function fakeExec(answer: (name: string, args: string[], file: string) => Reply | Promise<Reply>): {
  exec: NonNullable<CheckContext['exec']>;
  calls: ExecCall[];
} {
  const calls: ExecCall[] = [];
  return {
    calls,
    exec: async (file, args) => {
      calls.push({ file, args });
      const reply = await answer(file.slice(file.lastIndexOf('/') + 1), args, file);
      return { code: reply.code, stdout: reply.stdout ?? '', stderr: reply.stderr ?? '' };
    },
  };
}

/** Fails the test if a check spawns anything. */
export const noExec: NonNullable<CheckContext['exec']> = (file) => Promise.reject(new Error(`unexpected spawn of ${file}`));

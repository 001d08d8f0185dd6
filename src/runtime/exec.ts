import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baseArgs, launchConmon, nextMessage, type ConmonBase } from './conmon.js';

/** An OCI process object (runtime-spec config.json's `process`), written as conmon's --exec-process-spec. */
export interface ProcessSpec { args: string[]; env: string[]; cwd: string; terminal?: boolean; user: { uid: number; gid: number; additionalGids?: number[] } }

/**
 * Runs a process in a running container under conmon's --exec mode; its output goes to
 * `logPath`. conmon reports the exec pid and then the exit code on the sync pipe.
 */
export async function execInContainer(opts: ConmonBase & { process: ProcessSpec }): Promise<{ pid: number; exitCode: number }> {
  const execId = randomUUID();
  const dir = join(opts.stateDir, 'exec', execId);
  await mkdir(dir, { recursive: true });
  const specPath = join(dir, 'process.json');
  await writeFile(specPath, JSON.stringify(opts.process));
  const args = [
    ...await baseArgs(opts, execId, { exits: join(dir, 'exits'), persist: join(dir, 'persist') }),
    '-e', '--exec-process-spec', specPath,
    '-p', join(dir, 'pidfile'),
    ...(opts.process.terminal === true ? ['-t'] : []),
  ];
  const run = launchConmon(opts.conmon ?? 'conmon', args);
  try {
    const pid = await nextMessage(run, `exec in ${opts.id}`);
    const exitCode = await nextMessage(run, `exec in ${opts.id}`);
    return { pid, exitCode };
  } finally {
    run.close();
    await rm(dir, { recursive: true, force: true });
  }
}

import { readFile } from 'node:fs/promises';
import { baseArgs, conmonPaths, launchConmon, nextMessage, type ConmonBase } from './conmon.js';

export interface CreateOptions extends ConmonBase { tty: boolean; stdin: boolean; leaveStdinOpen?: boolean; exitCommand?: string[] }

/**
 * Has conmon run `runc create` and stay on as the container's monitor. Resolves once the
 * container exists (created, not started) with its init pid and the daemonized conmon's pid.
 */
export async function createContainer(opts: CreateOptions): Promise<{ pid: number; conmonPid: number }> {
  const paths = conmonPaths(opts.stateDir);
  const args = [
    ...await baseArgs(opts, opts.id, paths),
    '-p', paths.pidfile,
    '-P', paths.conmonPidfile,
    ...(opts.tty ? ['-t'] : []),
    ...(opts.stdin ? ['-i'] : []),
    // without it conmon closes the container's stdin when the first attached client leaves (StdinOnce)
    ...(opts.leaveStdinOpen === true ? ['--leave-stdin-open'] : []),
  ];
  const [command, ...commandArgs] = opts.exitCommand ?? [];
  if (command !== undefined) {
    args.push('--exit-command', command, ...commandArgs.flatMap((a) => ['--exit-command-arg', a]));
  }
  const run = launchConmon(opts.conmon ?? 'conmon', args);
  try {
    const pid = await nextMessage(run, `create ${opts.id}`);
    // The first conmon process exits after forking the monitor, and writes the pidfile before.
    await run.exited;
    const conmonPid = Number.parseInt(await readFile(paths.conmonPidfile, 'utf8'), 10);
    return { pid, conmonPid };
  } finally {
    run.close();
  }
}

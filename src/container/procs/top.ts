// GET /containers/{name}/top: ps runs once with `-q<pids>` so it only reads the container's
// processes, and again without it when the client's format refuses -q (dockerd's retry).
import { SystemError } from '../../base/errors.js';
import type { HostPaths } from '../../host/host-paths.js';
import type { RunFile } from '../../host/run-file.js';
import { containerPids } from './container-pids.js';
import { parsePsOutput, psPidsArg, type TopResponse } from './ps-output.js';

export async function topProcesses(host: HostPaths, run: RunFile, initPid: number, psArgs: string): Promise<TopResponse> {
  const pids = await containerPids(host, initPid);
  // Go's strings.Split: a doubled space becomes an empty argument, which ps then rejects
  const args = psArgs.split(' ');
  let r = await run('ps', [...args, psPidsArg(pids)]);
  if (r.code !== 0) r = await run('ps', args);
  if (r.code !== 0) {
    const why = r.stderr.split('\n')[0] ?? '';
    throw new SystemError(`ps: ${why !== '' ? why : `exit status ${r.code ?? 'unknown'}`}`, { code: 'BURROW_TOP_PS_FAILED' });
  }
  return parsePsOutput(r.stdout, new Set(pids));
}

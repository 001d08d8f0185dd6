// `docker top` and `docker stats` for the API layer: which container, whether it runs, and where
// its processes are; the measuring is in top.ts and stats-sampler.ts.
import { ConflictError } from '../../base/errors.js';
import { HostPaths } from '../../host/host-paths.js';
import { runFile, type RunFile } from '../../host/run-file.js';
import type { ContainerRecord } from '../service.js';
import { validatePsArgs, type TopResponse } from './ps-output.js';
import type { StatsResponse } from './stats-body.js';
import { statsFeed, type StatsFeedOptions } from './stats-feed.js';
import { StatsSampler, type StatsTarget } from './stats-sampler.js';
import { topProcesses } from './top.js';

export type { TopResponse } from './ps-output.js';
export type { StatsResponse };
export type { StatsFeedOptions } from './stats-feed.js';

export interface ContainerLookup {
  /** Throws NotFoundError for an unknown name. */
  get(name: string): ContainerRecord;
}

function statsTarget(rec: ContainerRecord): StatsTarget {
  const mode = rec.HostConfig.NetworkMode;
  return {
    id: rec.Id,
    name: rec.Name,
    pid: rec.State.Pid,
    running: rec.State.Running && rec.State.Pid > 0,
    network: mode === 'host' || mode === 'none' ? mode : 'shared',
  };
}

export class ContainerProcs {
  private readonly sampler: StatsSampler;

  constructor(private readonly containers: ContainerLookup, private readonly host = new HostPaths(), private readonly run: RunFile = runFile) {
    this.sampler = new StatsSampler(host);
  }

  /** GET /containers/{name}/top; ps_args defaults to -ef. */
  async top(name: string, psArgs: string): Promise<TopResponse> {
    const args = psArgs === '' ? '-ef' : psArgs;
    validatePsArgs(args);
    const rec = this.containers.get(name);
    if (!rec.State.Running) throw new ConflictError(`Container ${rec.Id} is not running`, { code: 'BURROW_CONTAINER_NOT_RUNNING' });
    return topProcesses(this.host, this.run, rec.State.Pid, args);
  }

  /** GET /containers/{name}/stats; the name is resolved now, so an unknown one fails before any body. */
  stats(name: string, opts: StatsFeedOptions): AsyncGenerator<StatsResponse> {
    const id = this.containers.get(name).Id;
    const lookup = (): StatsTarget | undefined => {
      try {
        return statsTarget(this.containers.get(id));
      } catch {
        return undefined;
      }
    };
    return statsFeed({ lookup, sample: (t) => this.sampler.sample(t) }, opts);
  }
}

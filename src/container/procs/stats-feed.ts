// dockerd's ContainerStats loop: streaming sends a body per interval, each with the one before as
// precpu (the first has none); otherwise one body, after a first sample an interval earlier unless
// one-shot. A container that is not running gets the empty body; one that is removed ends the feed.
import { setTimeout as sleep } from 'node:timers/promises';
import { statsBody, withPrevious, type Sample, type StatsResponse } from './stats-body.js';
import type { StatsTarget } from './stats-sampler.js';

export interface StatsFeedOptions {
  stream: boolean;
  oneShot: boolean;
  /** dockerd's collector interval */
  intervalMs?: number;
  signal?: AbortSignal;
}

export interface StatsFeedDeps {
  /** The container now; undefined once it is gone. */
  lookup(): StatsTarget | undefined;
  sample(target: StatsTarget): Promise<Sample>;
}

async function body(deps: StatsFeedDeps, target: StatsTarget): Promise<StatsResponse> {
  return statsBody(target, target.running ? await deps.sample(target) : undefined);
}

/** Resolves false when the client went away first. */
async function wait(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return sleep(ms, true, { signal }).catch(() => false);
}

export async function* statsFeed(deps: StatsFeedDeps, opts: StatsFeedOptions): AsyncGenerator<StatsResponse> {
  const intervalMs = opts.intervalMs ?? 1000;
  const first = deps.lookup();
  if (first === undefined) return;
  if (!opts.stream) {
    const one = await body(deps, first);
    if (!first.running || opts.oneShot) {
      yield one;
      return;
    }
    if (!(await wait(intervalMs, opts.signal))) return;
    const now = deps.lookup();
    if (now !== undefined) yield withPrevious(await body(deps, now), one);
    return;
  }
  let previous: StatsResponse | undefined;
  for (let target: StatsTarget | undefined = first; target !== undefined; target = deps.lookup()) {
    const next = await body(deps, target);
    yield previous === undefined ? next : withPrevious(next, previous);
    previous = next;
    if (!(await wait(intervalMs, opts.signal))) return;
  }
}

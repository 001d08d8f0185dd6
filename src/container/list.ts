// GET /containers/json: which containers `docker ps` shows, with dockerd's filters, newest first.
import { InvalidParameterError } from '../base/errors.js';
import { boolFilter, labelsMatch, parseFilters } from '../base/filters.js';
import type { ContainerRecord } from './service.js';

const FILTERS = ['id', 'name', 'label', 'status', 'ancestor', 'exited', 'before', 'since', 'volume', 'network', 'is-task', 'health', 'publish', 'expose'];
const STATUSES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

export interface ListQuery {
  all: boolean;
  limit: number;
  filters: string | null;
}

export interface ListContext {
  /** Resolves an image reference to its id, or undefined when there is no such image. */
  imageId(ref: string): Promise<string | undefined>;
  /** A container by name or id (before/since filters). */
  container(ref: string): ContainerRecord;
}

export async function listContainers(records: readonly ContainerRecord[], q: ListQuery, ctx: ListContext): Promise<ContainerRecord[]> {
  const f = parseFilters(q.filters, FILTERS);
  for (const s of f.get('status') ?? []) {
    if (!STATUSES.includes(s)) throw new InvalidParameterError(`invalid filter 'status=${s}'`);
  }
  const exited = (f.get('exited') ?? []).map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new InvalidParameterError(`invalid filter 'exited=${v}'`);
    return n;
  });
  const ancestors = await Promise.all((f.get('ancestor') ?? []).map((a) => ctx.imageId(a)));
  const before = f.get('before')?.map((r) => Date.parse(ctx.container(r).Created));
  const since = f.get('since')?.map((r) => Date.parse(ctx.container(r).Created));
  const isTask = boolFilter(f.get('is-task'), 'is-task');
  // an explicit status (or exited) filter looks at all containers, as dockerd does
  const all = q.all || f.has('status') || f.has('exited') || q.limit > 0 || before !== undefined || since !== undefined;
  const sorted = [...records].sort((a, b) => Date.parse(b.Created) - Date.parse(a.Created));
  const shown = sorted.filter((r) => {
    const status = r.State.Status;
    if (!all && status !== 'running' && status !== 'restarting') return false;
    const ids = f.get('id');
    if (ids && !ids.some((id) => r.Id.startsWith(id))) return false;
    const names = f.get('name');
    if (names && !names.some((n) => new RegExp(n).test(r.Name))) return false;
    if (!labelsMatch(f.get('label'), r.Config.Labels)) return false;
    const statuses = f.get('status');
    if (statuses && !statuses.includes(status)) return false;
    if (exited.length > 0 && (status !== 'exited' || !exited.includes(r.State.ExitCode))) return false;
    if (f.has('ancestor') && !ancestors.some((id) => id !== undefined && id === r.Image)) return false;
    const created = Date.parse(r.Created);
    if (before?.some((t) => created >= t) === true) return false;
    if (since?.some((t) => created <= t) === true) return false;
    const volumes = f.get('volume');
    if (volumes && !volumes.some((v) => r.MountPoints.some((m) => m.Name === v || m.Source === v || m.Destination === v))) return false;
    const networks = f.get('network');
    if (networks) {
      const joined = Object.entries(r.NetworkSettings.Networks).flatMap(([name, ep]) => [name, ep.NetworkID]);
      if (!networks.some((n) => joined.includes(n) || (n.length >= 3 && joined.some((j) => j.startsWith(n))))) return false;
    }
    // no swarm tasks and no health checks or published ports yet: those filters match nothing
    if (isTask === true || f.has('health') || f.has('publish') || f.has('expose')) return false;
    return true;
  });
  return q.limit > 0 ? shown.slice(0, q.limit) : shown;
}

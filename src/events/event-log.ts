// `docker events`: what happened to containers, images and volumes, kept for replay (--since) and
// pushed to followers. dockerd keeps the last 256 events in memory; so does this.
import { parseFilters } from '../base/filters.js';

export type EventType = 'container' | 'image' | 'volume' | 'network' | 'daemon';

export interface EngineEvent {
  status?: string;
  id?: string;
  from?: string;
  Type: EventType;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: 'local';
  time: number;
  timeNano: number;
}

const KEEP = 256;
const FILTERS = ['container', 'event', 'image', 'label', 'type', 'volume', 'network', 'daemon', 'scope'];

export interface EventQuery {
  filters: string | null;
  /** ms since the epoch */
  since?: number;
  until?: number;
}

export class EventLog {
  private readonly recent: EngineEvent[] = [];
  private readonly followers = new Set<(e: EngineEvent) => void>();

  /** Records an event; container and image events carry dockerd's legacy status/id/from too. */
  emit(type: EventType, action: string, id: string, attributes: Record<string, string> = {}): void {
    const ms = Date.now();
    const event: EngineEvent = {
      ...(type === 'container' || type === 'image' ? { status: action, id, ...(attributes.image !== undefined ? { from: attributes.image } : {}) } : {}),
      Type: type,
      Action: action,
      Actor: { ID: id, Attributes: attributes },
      scope: 'local',
      time: Math.floor(ms / 1000),
      timeNano: ms * 1_000_000,
    };
    this.recent.push(event);
    if (this.recent.length > KEEP) this.recent.shift();
    for (const f of this.followers) f(event);
  }

  /** Which events a query's filters let through; invalid filters throw, before anything is sent. */
  matcher(q: EventQuery): (e: EngineEvent) => boolean {
    const f = parseFilters(q.filters, FILTERS);
    const any = (name: string, values: readonly (string | undefined)[]): boolean => {
      const wanted = f.get(name);
      return wanted === undefined || wanted.some((w) => values.includes(w));
    };
    return (e) => {
      const a = e.Actor.Attributes;
      if (!any('type', [e.Type])) return false;
      if (!any('event', [e.Action, e.Action.split(':')[0]])) return false;
      if (f.has('container') && (e.Type !== 'container' || !any('container', [e.Actor.ID, e.Actor.ID.slice(0, 12), a.name]))) return false;
      if (f.has('image') && !any('image', [e.Type === 'image' ? e.Actor.ID : a.image, a.name])) return false;
      if (f.has('volume') && (e.Type !== 'volume' || !any('volume', [e.Actor.ID]))) return false;
      if (f.has('network') && (e.Type !== 'network' || !any('network', [e.Actor.ID, a.name]))) return false;
      const labels = f.get('label');
      if (labels && !labels.every((l) => {
        const eq = l.indexOf('=');
        return eq < 0 ? a[l] !== undefined : a[l.slice(0, eq)] === l.slice(eq + 1);
      })) return false;
      return true;
    };
  }

  /** The kept events from `since` on (second precision, as dockerd compares). */
  replay(q: EventQuery, match: (e: EngineEvent) => boolean): EngineEvent[] {
    if (q.since === undefined) return [];
    const { since, until } = q;
    return this.recent.filter((e) => e.time * 1000 >= since - (since % 1000) && (until === undefined || e.timeNano / 1e6 <= until) && match(e));
  }

  follow(listener: (e: EngineEvent) => void): () => void {
    this.followers.add(listener);
    return () => { this.followers.delete(listener); };
  }
}

// GET /events: kept events from --since, then live ones until --until or the client leaves, one
// JSON object per line, flushed as they come (the CLI prints each as it arrives).
import type { EventLog } from '../../events/event-log.js';
import { parseTimestamp } from '../../container/timestamps.js';
import { route, type Route } from '../router.js';

export function eventRoutes(events: EventLog): Route[] {
  return [
    route('GET', '/events', async (ex) => {
      const since = ex.query.get('since');
      const until = ex.query.get('until');
      const q = {
        filters: ex.query.get('filters'),
        ...(since !== null && since !== '' ? { since: parseTimestamp(since) } : {}),
        ...(until !== null && until !== '' ? { until: parseTimestamp(until) } : {}),
      };
      const match = events.matcher(q);
      ex.writeHead(200, ['Content-Type', 'application/json']);
      ex.res.flushHeaders();
      const send = (e: object): void => { ex.res.write(`${JSON.stringify(e)}\n`); };
      for (const e of events.replay(q, match)) send(e);
      const untilMs = q.until;
      if (untilMs !== undefined && untilMs <= Date.now()) {
        ex.res.end();
        return;
      }
      await new Promise<void>((resolve) => {
        const stop = events.follow((e) => { if (match(e)) send(e); });
        const done = (): void => {
          stop();
          clearTimeout(timer);
          resolve();
        };
        const timer = untilMs === undefined ? undefined : setTimeout(done, untilMs - Date.now());
        ex.res.on('close', done);
      });
      ex.res.end();
    }),
  ];
}

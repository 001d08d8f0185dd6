// The /containers endpoints `docker run`, `ps`, `logs`, `stop` and `rm` need (first cut of #5).
// Attach hijacks the connection as dockerd does: 101 UPGRADED when the client asked to upgrade,
// then the output, multiplexed (8-byte frame headers) unless the container has a tty.
import type { Socket } from 'node:net';
import { ConflictError, errorMessage, InvalidParameterError } from '../../base/errors.js';
import { dockerLogTime, parseTimestamp } from '../../container/timestamps.js';
import type { LogRecord } from '../../runtime/index.js';
import { flag, readJson } from './params.js';
import type { ContainerRecord, ContainerService, CreateBody, ExecCreateBody } from '../../container/index.js';
import type { Exchange } from '../exchange.js';
import type { Handler } from '../router.js';

/** One frame of Docker's multiplexed stream: [stream, 0, 0, 0, size (big endian)] then the bytes. */
function frame(stream: 'stdout' | 'stderr', data: string | Buffer): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const head = Buffer.alloc(8);
  head[0] = stream === 'stdout' ? 1 : 2;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

type Records = AsyncIterable<{ stream: 'stdout' | 'stderr'; text: string; partial: boolean }>;

async function pipeRecords(records: Records, tty: boolean, write: (b: Buffer) => void, want: { stdout: boolean; stderr: boolean }): Promise<void> {
  for await (const r of records) {
    if (!want[r.stream]) continue;
    const text = r.partial ? r.text : `${r.text}\n`;
    write(tty ? Buffer.from(text) : frame(r.stream, text));
  }
}

function pipeOutput(containers: ContainerService, rec: ContainerRecord, follow: boolean, write: (b: Buffer) => void, want: { stdout: boolean; stderr: boolean }, fromEnd = false): Promise<void> {
  return pipeRecords(containers.output(rec.Id, follow, fromEnd), rec.Config.Tty === true, write, want);
}

/** Takes over the connection as dockerd's hijack does: 101 when the client asked to upgrade. */
function hijack(ex: Exchange): Socket {
  const socket: Socket = ex.req.socket;
  const upgrade = /upgrade/i.test(ex.req.headers.connection ?? '');
  socket.write(upgrade
    ? 'HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n'
    : 'HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n');
  return socket;
}

/** `?t=` seconds, or undefined to use the container's own StopTimeout. */
function timeout(ex: Exchange): number | undefined {
  const raw = ex.query.get('t');
  if (raw === null || raw === '') return undefined;
  const t = Number(raw);
  if (!Number.isInteger(t)) throw new InvalidParameterError(`invalid value for t: ${raw}`);
  return t;
}

/** `docker logs` records: --since/--until by time, then --tail's last N lines. */
async function selectLogs(records: Records & AsyncIterable<LogRecord>, ex: Exchange): Promise<LogRecord[] | undefined> {
  const since = ex.query.get('since');
  const until = ex.query.get('until');
  const tail = ex.query.get('tail');
  const n = tail === null || tail === '' || tail === 'all' ? undefined : Number(tail);
  if (n !== undefined && !Number.isInteger(n)) throw new InvalidParameterError(`invalid value for "tail": "${tail ?? ''}"`);
  const from = since !== null && since !== '' && since !== '0' ? parseTimestamp(since) : undefined;
  const to = until !== null && until !== '' && until !== '0' ? parseTimestamp(until) : undefined;
  if (from === undefined && to === undefined && n === undefined) return undefined;
  const kept: LogRecord[] = [];
  for await (const r of records) {
    const t = Date.parse(r.time);
    if ((from !== undefined && t < from) || (to !== undefined && t > to)) continue;
    kept.push(r);
  }
  return n === undefined ? kept : n <= 0 ? [] : kept.slice(-n);
}

export function containerHandlers(containers: ContainerService): Record<string, Handler> {
  return {
    async create(ex) {
      const body = (await readJson(ex)) as CreateBody;
      ex.json(201, await containers.create(ex.query.get('name'), body));
    },

    async start(ex) {
      const rec = containers.get(ex.params.name ?? '');
      if (rec.State.Running) {
        ex.empty(304);
        return;
      }
      await containers.start(rec.Id);
      ex.empty(204);
    },

    async wait(ex) {
      const rec = containers.get(ex.params.name ?? '');
      // headers go out at once: the CLI waits for them before it starts the container
      ex.writeHead(200, ['Content-Type', 'application/json']);
      ex.res.flushHeaders();
      const code = await containers.wait(rec.Id, ex.query.get('condition') ?? 'not-running');
      ex.res.end(`${JSON.stringify({ StatusCode: code, Error: null })}\n`);
    },

    async attach(ex) {
      const rec = containers.get(ex.params.name ?? '');
      const socket = hijack(ex);
      containers.attached(rec.Id);
      if (!flag(ex, 'stream')) {
        socket.end();
        return;
      }
      // the stream lasts as long as the container runs, whatever happens to stdin
      const tell = (err: unknown): undefined => {
        const text = `${errorMessage(err)}\n`;
        socket.write(rec.Config.Tty === true ? Buffer.from(text) : frame('stderr', text));
        return undefined;
      };
      const stdin = flag(ex, 'stdin') ? containers.attachStdin(rec.Id, socket).catch(tell) : undefined;
      void stdin?.then((f) => f?.done.catch(tell));
      try {
        if (flag(ex, 'stdout') || flag(ex, 'stderr')) await pipeOutput(containers, rec, true, (b) => socket.write(b), { stdout: flag(ex, 'stdout'), stderr: flag(ex, 'stderr') }, true);
        else await containers.wait(rec.Id, 'not-running');
      } finally {
        (await stdin)?.stop();
        socket.end();
      }
    },

    async logs(ex) {
      const rec = containers.get(ex.params.name ?? '');
      const want = { stdout: flag(ex, 'stdout'), stderr: flag(ex, 'stderr') };
      if (!want.stdout && !want.stderr) throw new InvalidParameterError('Bad parameters: you must choose at least one stream');
      const follow = flag(ex, 'follow');
      const stamp = flag(ex, 'timestamps');
      // with --tail or --since, the selection is made first; -f then goes on from the end
      const selected = await selectLogs(containers.output(rec.Id, false), ex);
      ex.writeHead(200, ['Content-Type', rec.Config.Tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream']);
      const write = (b: Buffer): void => { ex.res.write(b); };
      const records = async function* (): AsyncGenerator<LogRecord> {
        if (selected) yield* selected;
        if (!selected || follow) yield* containers.output(rec.Id, follow, selected !== undefined);
      };
      const stamped = async function* (): AsyncGenerator<LogRecord> {
        for await (const r of records()) yield stamp ? { ...r, text: `${dockerLogTime(r.time)} ${r.text}` } : r;
      };
      for await (const r of stamped()) {
        // a client that went away ends a -f that would otherwise follow for ever
        if (ex.req.socket.destroyed) break;
        if (!want[r.stream]) continue;
        const text = r.partial ? r.text : `${r.text}\n`;
        write(rec.Config.Tty === true ? Buffer.from(text) : frame(r.stream, text));
      }
      ex.res.end();
    },

    async list(ex) {
      const limit = Number(ex.query.get('limit') ?? '0');
      ex.json(200, await containers.listView({ all: flag(ex, 'all'), limit: Number.isInteger(limit) ? limit : 0, filters: ex.query.get('filters') }));
    },

    async inspect(ex) {
      ex.json(200, await containers.inspect(ex.params.name ?? ''));
    },

    async restart(ex) {
      await containers.restart(ex.params.name ?? '', timeout(ex));
      ex.empty(204);
    },

    async rename(ex) {
      await containers.rename(ex.params.name ?? '', ex.query.get('name') ?? '');
      ex.empty(204);
    },

    async prune(ex) {
      ex.json(200, await containers.prune(ex.query.get('filters')));
    },

    pause(ex) {
      const rec = containers.get(ex.params.name ?? '');
      // the freezer is a cgroup controller; rootless without a delegated cgroup v2 has none
      throw new ConflictError(`Cannot pause container ${rec.Id}: the cgroup freezer is not available (rootless without systemd's cgroup v2 delegation)`);
    },

    async resize(ex) {
      const h = Number(ex.query.get('h') ?? '');
      const w = Number(ex.query.get('w') ?? '');
      if (!Number.isInteger(h) || !Number.isInteger(w) || h < 0 || w < 0) throw new InvalidParameterError('invalid resize dimensions');
      await containers.resize(ex.params.name ?? '', h, w);
      ex.empty(200);
    },

    unpause(ex) {
      const rec = containers.get(ex.params.name ?? '');
      throw new ConflictError(`Container ${rec.Id} is not paused`);
    },

    async remove(ex) {
      await containers.remove(ex.params.name ?? '', { force: flag(ex, 'force'), volumes: flag(ex, 'v') });
      ex.empty(204);
    },

    async kill(ex) {
      await containers.kill(ex.params.name ?? '', ex.query.get('signal') ?? 'KILL');
      ex.empty(204);
    },

    async execCreate(ex) {
      const body = (await readJson(ex)) as ExecCreateBody;
      ex.json(201, { Id: containers.execs.create(ex.params.name ?? '', body) });
    },

    async execStart(ex) {
      const body = (await readJson(ex)) as { Detach?: boolean };
      const e = containers.execs.get(ex.params.id ?? '');
      const run = await containers.execs.start(e.ID);
      if (body.Detach === true) {
        run.stdout.resume();
        run.stderr.resume();
        ex.empty(200);
        return;
      }
      const socket = hijack(ex);
      const out = (stream: 'stdout' | 'stderr') => (b: Buffer): void => { socket.write(e.Tty ? b : frame(stream, b)); };
      run.stdout.on('data', out('stdout'));
      run.stderr.on('data', out('stderr'));
      if (run.stdin) {
        run.stdin.on('error', () => undefined);
        socket.pipe(run.stdin);
      }
      // the exit code is recorded before the stream ends: the CLI asks for it right after
      await run.exited.catch((err: unknown) => { socket.write(e.Tty ? Buffer.from(`${errorMessage(err)}\r\n`) : frame('stderr', `${errorMessage(err)}\n`)); });
      if (run.stdin) socket.unpipe(run.stdin);
      socket.end();
    },

    execInspect(ex) {
      const e = containers.execs.get(ex.params.id ?? '');
      ex.json(200, {
        ID: e.ID, ContainerID: e.ContainerID, Running: e.Running, ExitCode: e.ExitCode, Pid: e.Pid,
        OpenStdin: e.OpenStdin, OpenStdout: true, OpenStderr: true, CanRemove: false, DetachKeys: e.DetachKeys,
        ProcessConfig: { tty: e.Tty, entrypoint: e.Cmd[0] ?? '', arguments: e.Cmd.slice(1), privileged: e.Privileged, user: e.User },
      });
    },

    execResize(ex) {
      // runc owns an exec's pty and sizes it once; later sizes are not passed on
      containers.execs.get(ex.params.id ?? '');
      ex.empty(200);
    },

    async stop(ex) {
      ex.empty(await containers.stop(ex.params.name ?? '', timeout(ex)) ? 204 : 304);
    },
  };
}

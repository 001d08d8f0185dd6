// The /containers endpoints `docker run`, `ps`, `logs`, `stop` and `rm` need (first cut of #5).
// Attach hijacks the connection as dockerd does: 101 UPGRADED when the client asked to upgrade,
// then the output, multiplexed (8-byte frame headers) unless the container has a tty.
import type { Socket } from 'node:net';
import { InvalidParameterError } from '../../base/errors.js';
import { flag, readJson } from './params.js';
import type { ContainerRecord, ContainerService, CreateBody } from '../../container/index.js';
import type { Exchange } from '../exchange.js';
import type { Handler } from '../router.js';

/** One frame of Docker's multiplexed stream: [stream, 0, 0, 0, size (big endian)] then the bytes. */
function frame(stream: 'stdout' | 'stderr', text: string): Buffer {
  const body = Buffer.from(text);
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

function pipeOutput(containers: ContainerService, rec: ContainerRecord, follow: boolean, write: (b: Buffer) => void, want: { stdout: boolean; stderr: boolean }): Promise<void> {
  return pipeRecords(containers.output(rec.Id, follow), rec.Config.Tty === true, write, want);
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

function summary(rec: ContainerRecord): Record<string, unknown> {
  return {
    Id: rec.Id,
    Names: [rec.Name],
    Image: rec.Config.Image,
    ImageID: rec.Image,
    Command: [...(rec.Config.Entrypoint ?? []), ...(rec.Config.Cmd ?? [])].join(' '),
    Created: Math.floor(Date.parse(rec.Created) / 1000),
    Ports: [],
    Labels: rec.Config.Labels ?? {},
    State: rec.State.Status,
    Status: rec.State.Running ? 'Up' : rec.State.Status === 'created' ? 'Created' : `Exited (${rec.State.ExitCode})`,
    HostConfig: { NetworkMode: rec.HostConfig.NetworkMode ?? 'default' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
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
      if (!flag(ex, 'stream')) {
        socket.end();
        return;
      }
      await pipeOutput(containers, rec, true, (b) => socket.write(b), { stdout: flag(ex, 'stdout'), stderr: flag(ex, 'stderr') });
      socket.end();
    },

    async logs(ex) {
      const rec = containers.get(ex.params.name ?? '');
      const want = { stdout: flag(ex, 'stdout'), stderr: flag(ex, 'stderr') };
      if (!want.stdout && !want.stderr) throw new InvalidParameterError('Bad parameters: you must choose at least one stream');
      ex.writeHead(200, ['Content-Type', rec.Config.Tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream']);
      await pipeOutput(containers, rec, flag(ex, 'follow'), (b) => ex.res.write(b), want);
      ex.res.end();
    },

    list(ex) {
      const all = flag(ex, 'all');
      ex.json(200, containers.list().filter((r) => all || r.State.Running).map(summary));
    },

    inspect(ex) {
      const rec = containers.get(ex.params.name ?? '');
      ex.json(200, {
        Id: rec.Id,
        Created: rec.Created,
        Path: rec.Config.Entrypoint?.[0] ?? rec.Config.Cmd?.[0] ?? '',
        Args: [...(rec.Config.Entrypoint ?? []), ...(rec.Config.Cmd ?? [])].slice(1),
        State: { ...rec.State, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Error: '' },
        Image: rec.Image,
        Name: rec.Name,
        RestartCount: 0,
        Driver: '',
        LogPath: rec.LogPath,
        Config: rec.Config,
        HostConfig: rec.HostConfig,
        Mounts: [],
        NetworkSettings: { Networks: {} },
      });
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
      const body = (await readJson(ex)) as Parameters<ContainerService['createExec']>[1];
      ex.json(201, { Id: containers.createExec(ex.params.name ?? '', body) });
    },

    async execStart(ex) {
      const body = (await readJson(ex)) as { Detach?: boolean };
      const e = containers.exec(ex.params.id ?? '');
      if (body.Detach === true) {
        void containers.runExec(e.ID).catch(() => undefined);
        ex.empty(200);
        return;
      }
      const socket = hijack(ex);
      // output is sent once the process has exited (no -i/-t yet, so nothing is interactive)
      await containers.runExec(e.ID).then(
        () => pipeRecords(containers.logRecords(e.LogPath), false, (b) => socket.write(b), { stdout: true, stderr: true }),
        (err: unknown) => { socket.write(frame('stderr', `${(err as Error).message}\n`)); },
      );
      socket.end();
    },

    execInspect(ex) {
      const e = containers.exec(ex.params.id ?? '');
      ex.json(200, {
        ID: e.ID, ContainerID: e.ContainerID, Running: e.Running, ExitCode: e.ExitCode, Pid: e.Pid,
        OpenStdin: false, OpenStdout: true, OpenStderr: true, CanRemove: false, DetachKeys: '',
        ProcessConfig: { tty: false, entrypoint: e.Cmd[0] ?? '', arguments: e.Cmd.slice(1), privileged: false, user: e.User },
      });
    },

    async stop(ex) {
      const t = Number(ex.query.get('t') ?? '10');
      await containers.stop(ex.params.name ?? '', Number.isFinite(t) ? t : 10);
      ex.empty(204);
    },
  };
}

// `docker exec`: exec instances (create, then start, then inspect for the exit code), each run by
// the runtime's own exec from the process part of its container's runtime spec.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, InvalidParameterError, NotFoundError } from '../base/errors.js';
import { ExecStartError, spawnExec, type ExecRun, type ProcessSpec, type RuntimeRef } from '../runtime/index.js';
import type { ContainerRecord } from './service.js';
import { applyEnv } from './spec/process-args.js';
import { resolveUser } from './spec/index.js';

export interface ExecRecord {
  ID: string;
  ContainerID: string;
  Cmd: string[];
  Env: string[];
  User: string;
  WorkingDir: string;
  Tty: boolean;
  OpenStdin: boolean;
  Privileged: boolean;
  DetachKeys: string;
  Running: boolean;
  ExitCode: number | null;
  Pid: number;
}

export interface ExecCreateBody {
  Cmd?: string[] | null;
  Env?: string[] | null;
  User?: string;
  WorkingDir?: string;
  Tty?: boolean;
  AttachStdin?: boolean;
  Privileged?: boolean;
  DetachKeys?: string;
}

/** What an exec needs of its container's service. */
export interface ExecHost {
  get(name: string): ContainerRecord;
  emit(rec: ContainerRecord, action: string, extra: Record<string, string>): void;
  runtime: RuntimeRef;
  /** The container's bundle (config.json). */
  bundleDir(id: string): string;
  /** The container's rootfs, for resolving -u names. */
  rootfsDir(id: string): string;
  /** Scratch space for the runtime's files (tmpfs). */
  stateDir(id: string): string;
}

export class ExecService {
  private readonly execs = new Map<string, ExecRecord>();
  private readonly processSpecs = new Map<string, { startedAt: string; spec: ProcessSpec }>();

  constructor(private readonly host: ExecHost) {}

  /** Step one: records what to run (POST /containers/{id}/exec). */
  create(name: string, body: ExecCreateBody): string {
    const rec = this.host.get(name);
    if (!rec.State.Running) throw new ConflictError(`Container ${rec.Id} is not running`);
    if (!body.Cmd || body.Cmd.length === 0) throw new InvalidParameterError('No exec command specified');
    const id = randomBytes(32).toString('hex');
    this.host.emit(rec, `exec_create: ${body.Cmd.join(' ')}`, { execID: id });
    this.execs.set(id, {
      ID: id, ContainerID: rec.Id, Cmd: body.Cmd, Env: body.Env ?? [], User: body.User ?? '', WorkingDir: body.WorkingDir ?? '',
      Tty: body.Tty === true, OpenStdin: body.AttachStdin === true, Privileged: body.Privileged === true, DetachKeys: body.DetachKeys ?? '',
      Running: false, ExitCode: null, Pid: 0,
    });
    return id;
  }

  get(id: string): ExecRecord {
    const e = this.execs.get(id);
    if (!e) throw new NotFoundError(`No such exec instance: ${id}`);
    return e;
  }

  /** Starts the exec with its stdio on pipes; the record gets its exit code before `exited` settles. */
  async start(id: string): Promise<ExecRun> {
    const e = this.get(id);
    if (e.Running || e.ExitCode !== null) throw new ConflictError(`Error: Exec command ${id} has already run`);
    const rec = this.host.get(e.ContainerID);
    if (!rec.State.Running) throw new ConflictError(`Container ${rec.Id} is not running`);
    const base = await this.processSpec(rec);
    const user = e.User !== '' ? await resolveUser(e.User, this.host.rootfsDir(rec.Id), rec.HostConfig.GroupAdd ?? []) : base.user;
    const env = applyEnv(base.env, e.Env);
    if (e.Tty && !env.some((kv) => kv.startsWith('TERM='))) env.push('TERM=xterm');
    e.Running = true;
    this.host.emit(rec, `exec_start: ${e.Cmd.join(' ')}`, { execID: e.ID });
    const process = { ...base, args: e.Cmd, env, cwd: e.WorkingDir !== '' ? e.WorkingDir : base.cwd, terminal: e.Tty, user };
    const run = spawnExec(this.host.runtime, rec.Id, process, this.host.stateDir(rec.Id), e.OpenStdin);
    e.Pid = run.child.pid ?? 0;
    const exited = run.exited.then((code) => {
      e.ExitCode = code;
      this.host.emit(rec, 'exec_die', { execID: e.ID, exitCode: String(code) });
      return code;
    }, (err: unknown) => {
      e.ExitCode = err instanceof ExecStartError ? err.exitCode : 126;
      throw err;
    }).finally(() => { e.Running = false; });
    exited.catch(() => undefined);
    return { ...run, exited };
  }

  /** Drops what is kept for a removed container. */
  forget(containerId: string): void {
    this.processSpecs.delete(containerId);
    for (const [id, e] of this.execs) if (e.ContainerID === containerId) this.execs.delete(id);
  }

  /** The process part of the container's runtime spec, read once per start of the container. */
  private async processSpec(rec: ContainerRecord): Promise<ProcessSpec> {
    const cached = this.processSpecs.get(rec.Id);
    if (cached?.startedAt === rec.State.StartedAt) return cached.spec;
    const spec = (JSON.parse(await readFile(join(this.host.bundleDir(rec.Id), 'config.json'), 'utf8')) as { process: ProcessSpec }).process;
    this.processSpecs.set(rec.Id, { startedAt: rec.State.StartedAt, spec });
    return spec;
  }
}

import { runChecked } from '../process/run.js';

/** Where the OCI runtime binary is and which state root (`runc --root`) it keeps containers in. */
export interface RuntimeRef { runtime: string; runtimeRoot: string }

/** The subset of `runc state` output Burrow reads. */
export interface OciState { id: string; pid: number; status: 'creating' | 'created' | 'running' | 'paused' | 'stopped'; bundle: string }

const rootArgs = (ref: RuntimeRef): string[] => ['--root', ref.runtimeRoot];

export async function startContainer(ref: RuntimeRef, id: string): Promise<void> {
  await runChecked(ref.runtime, [...rootArgs(ref), 'start', id]);
}

/** `signal` is a name (KILL, SIGTERM) or number, as runc accepts. */
export async function killContainer(ref: RuntimeRef, id: string, signal: string | number): Promise<void> {
  await runChecked(ref.runtime, [...rootArgs(ref), 'kill', id, String(signal)]);
}

export async function deleteContainer(ref: RuntimeRef, id: string, force: boolean): Promise<void> {
  await runChecked(ref.runtime, [...rootArgs(ref), 'delete', ...(force ? ['--force'] : []), id]);
}

export async function state(ref: RuntimeRef, id: string): Promise<OciState> {
  const value: unknown = JSON.parse(await runChecked(ref.runtime, [...rootArgs(ref), 'state', id]));
  if (typeof value !== 'object' || value === null || !('status' in value) || !('pid' in value)) {
    throw new Error(`${ref.runtime} state ${id}: unexpected output`);
  }
  return value as OciState;
}

// Docker's restart manager: whether an exited container starts again, and after how long. The
// delay starts at 100 ms and doubles while the container keeps failing within 10 s of starting;
// a run of 10 s or more resets it (moby restartmanager).
import { InvalidParameterError } from '../base/errors.js';

export interface RestartPolicy {
  Name?: string;
  MaximumRetryCount?: number;
}

const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 60_000;
const STABLE_RUN_MS = 10_000;

/** Create-time check, with dockerd's messages (an empty name is what older clients send for "no"). */
export function validateRestartPolicy(policy: RestartPolicy | undefined, autoRemove: boolean): void {
  const name = policy?.Name ?? '';
  const max = policy?.MaximumRetryCount ?? 0;
  if (name === 'on-failure') {
    if (max < 0) throw new InvalidParameterError('invalid restart policy: maximum retry count cannot be negative');
  } else if (['no', 'always', 'unless-stopped'].includes(name)) {
    if (max !== 0) throw new InvalidParameterError(`invalid restart policy: maximum retry count can only be used with 'on-failure'${max < 0 ? ' and cannot be negative' : ''}`);
  } else if (name !== '') {
    throw new InvalidParameterError(`invalid restart policy: unknown policy '${name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`);
  }
  if (autoRemove && name !== '' && name !== 'no') throw new InvalidParameterError(`can't create 'AutoRemove' container with restart policy`);
}

export interface ExitFacts {
  exitCode: number;
  restartCount: number;
  manuallyStopped: boolean;
  ranMs: number;
  previousDelayMs: number;
}

/** The delay before the next start, or undefined when the container stays down. */
export function nextRestart(policy: RestartPolicy | undefined, facts: ExitFacts): number | undefined {
  if (facts.manuallyStopped) return undefined;
  const name = policy?.Name ?? 'no';
  const max = policy?.MaximumRetryCount ?? 0;
  const restart = name === 'always' || name === 'unless-stopped' ||
    (name === 'on-failure' && facts.exitCode !== 0 && (max === 0 || facts.restartCount < max));
  if (!restart) return undefined;
  if (facts.ranMs >= STABLE_RUN_MS || facts.previousDelayMs === 0) return BASE_DELAY_MS;
  return Math.min(facts.previousDelayMs * 2, MAX_DELAY_MS);
}

/** Whether a daemon start brings the container back (it was running when the daemon went away). */
export function restartsWithDaemon(policy: RestartPolicy | undefined, manuallyStopped: boolean): boolean {
  const name = policy?.Name ?? 'no';
  return name === 'always' || (name === 'unless-stopped' && !manuallyStopped);
}

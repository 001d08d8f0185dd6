// The Status column of `docker ps` (moby's State.String) and the durations in it (go-units'
// HumanDuration), which scripts and humans read as they are.

export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  const minutes = Math.trunc(ms / 60_000);
  const hours = Math.round(ms / 3_600_000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(ms / 3_600_000 / 24 / 365)} years`;
}

export interface StatusFacts {
  Status: string;
  ExitCode: number;
  StartedAt: string;
  FinishedAt: string;
}

const ZERO = '0001-01-01T00:00:00Z';

export function statusText(state: StatusFacts, now = Date.now()): string {
  const since = (iso: string): string => humanDuration(Math.max(0, now - Date.parse(iso)));
  switch (state.Status) {
    case 'running': return `Up ${since(state.StartedAt)}`;
    case 'paused': return `Up ${since(state.StartedAt)} (Paused)`;
    case 'restarting': return `Restarting (${state.ExitCode}) ${since(state.FinishedAt)} ago`;
    case 'removing': return 'Removal In Progress';
    case 'dead': return 'Dead';
    default:
      if (state.StartedAt === ZERO) return 'Created';
      if (state.FinishedAt === ZERO) return '';
      return `Exited (${state.ExitCode}) ${since(state.FinishedAt)} ago`;
  }
}

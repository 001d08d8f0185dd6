// dockerd's JSON message stream (pkg/jsonmessage), which the docker CLI renders as per-layer
// lines with progress bars, and compose/docker-py read for `error`.
export interface JsonMessage {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  stream?: string;
  aux?: unknown;
  error?: string;
  errorDetail?: { message: string };
}

/** The 12-hex id dockerd shows for a layer in progress lines. */
export function shortId(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** go-units HumanSize: four significant digits, decimal units. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${Number(size.toPrecision(4))}${units[i] ?? 'B'}`;
}

/** The bar dockerd puts in `progress` (50 columns, as pkg/jsonmessage's JSONProgress.String). */
export function progressBar(current: number, total: number): string {
  if (total <= 0) return humanSize(current);
  const width = 50;
  const filled = Math.min(width, Math.floor((current / total) * width));
  const bar = filled >= width ? '='.repeat(width) : `${'='.repeat(filled)}>${' '.repeat(width - filled - 1)}`;
  return `[${bar}] ${humanSize(current).padStart(8)}/${humanSize(total)}`;
}

export class ProgressWriter {
  private lastProgress = new Map<string, number>();

  constructor(private readonly write: (line: string) => void) {}

  send(msg: JsonMessage): void {
    this.write(`${JSON.stringify(msg)}\n`);
  }

  status(status: string, id?: string): void {
    this.send(id === undefined ? { status } : { status, progressDetail: {}, id });
  }

  /** Rate-limited to one message per 100 ms per id (plus the last), as dockerd's progress reader does. */
  progress(id: string, status: string, current: number, total: number): void {
    const now = Date.now();
    if (current < total && now - (this.lastProgress.get(id) ?? 0) < 100) return;
    this.lastProgress.set(id, now);
    this.send({ status, progressDetail: { current, total }, progress: progressBar(current, total), id });
  }

  error(message: string): void {
    this.send({ errorDetail: { message }, error: message });
  }
}

// `docker top` as dockerd does it (daemon/top_unix.go): the host's ps runs with the client's
// arguments and only the rows whose PID column names a container process are kept.
import { SystemError } from '../../base/errors.js';

export interface TopResponse {
  Titles: string[];
  /** null when nothing matched, as Go encodes a nil slice. */
  Processes: string[][] | null;
}

const PS_ARGS_PID_FORMAT = /\s+([^\s]*)=\s*(PID[^\s]*)/g;

/** Renaming a column to PID would let ps smuggle another column past the filter. */
export function validatePsArgs(psArgs: string): void {
  for (const m of psArgs.matchAll(PS_ARGS_PID_FORMAT)) {
    const [, key = '', value = ''] = m;
    if (key !== 'pid') throw new SystemError(`specifying "${key}=${value}" is not allowed`, { code: 'BURROW_TOP_PS_ARGS' });
  }
}

/** Go's strings.Fields limited to ASCII whitespace (moby#24358: \s misses no unicode spaces). */
function fieldsAscii(line: string): string[] {
  return line.split(/[\t\n\f\r ]+/).filter((f) => f !== '');
}

/** The last title takes the rest of the row, so a command with spaces stays one cell. */
function toRow(titles: string[], fields: string[]): string[] {
  return [...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')];
}

export function parsePsOutput(output: string, pids: ReadonlySet<number>): TopResponse {
  const lines = output.split('\n');
  const titles = fieldsAscii(lines[0] ?? '');
  const pidIndex = titles.indexOf('PID');
  if (pidIndex === -1) throw new SystemError("Couldn't find PID field in ps output", { code: 'BURROW_TOP_NO_PID' });
  const processes: string[][] = [];
  // thread rows (`ps -m`) carry "-" as PID and belong to the process row above them
  let afterContained = false;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const fields = fieldsAscii(line);
    const cell = fields[pidIndex] ?? '';
    if (cell === '-') {
      if (afterContained) processes.push(toRow(titles, fields));
      continue;
    }
    if (!/^[+-]?\d+$/.test(cell)) {
      throw new SystemError(`Unexpected pid '${cell}': strconv.Atoi: parsing ${JSON.stringify(cell)}: invalid syntax`, { code: 'BURROW_TOP_BAD_PID' });
    }
    afterContained = pids.has(Number(cell));
    if (afterContained) processes.push(toRow(titles, fields));
  }
  return { Titles: titles, Processes: processes.length > 0 ? processes : null };
}

/** `-q1,2,3`: lets ps skip every other process; some formats (f) refuse it. */
export function psPidsArg(pids: Iterable<number>): string {
  return `-q${[...pids].join(',')}`;
}

/** One line of conmon's k8s-file log: `<RFC3339Nano> <stdout|stderr> <P|F> <text>`. */
export interface LogRecord { time: string; stream: 'stdout' | 'stderr'; partial: boolean; text: string }

const LINE = /^(\S+) (stdout|stderr) ([PF]) (.*)$/s;

export function parseLogLine(line: string): LogRecord {
  const m = LINE.exec(line);
  if (m === null) throw new Error(`k8s-file log: malformed line ${JSON.stringify(line)}`);
  const [, time = '', stream, flag, text = ''] = m;
  return { time, stream: stream === 'stderr' ? 'stderr' : 'stdout', partial: flag === 'P', text };
}

/** Streams records from log chunks, holding back an incomplete last line until its newline. */
export async function* parseLog(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<LogRecord> {
  // A chunk boundary may split a UTF-8 sequence; the streaming decoder holds it back.
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      yield parseLogLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      nl = pending.indexOf('\n');
    }
  }
  pending += decoder.decode();
  if (pending !== '') yield parseLogLine(pending);
}

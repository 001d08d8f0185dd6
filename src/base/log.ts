// logrus-style text lines (`time="…" level=info msg="…" key=val`), as dockerd writes them, so users'
// habits (grep level=error in the journal) carry over; JSON with --log-format=json.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  isDebug(): boolean;
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const LOGRUS_NAME: Record<LogLevel, string> = { debug: 'debug', info: 'info', warn: 'warning', error: 'error' };

export function parseLogLevel(value: string): LogLevel | undefined {
  switch (value.toLowerCase()) {
    case 'debug':
      return 'debug';
    case 'info':
      return 'info';
    case 'warn':
    case 'warning':
      return 'warn';
    case 'error':
    case 'fatal':
      return 'error';
    default:
      return undefined;
  }
}

/** logrus's rule: bare only when every character is one of A-Za-z0-9-._/@^+ (so host="tcp://…" is quoted, as dockerd prints it). */
function quote(value: string): string {
  return /^[A-Za-z0-9_./@^+-]+$/.test(value) ? value : JSON.stringify(value);
}

export interface LoggerOptions {
  level: LogLevel;
  format?: 'text' | 'json';
  write?: (line: string) => void;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const min = ORDER[options.level];
  const emit = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    if (ORDER[level] < min) return;
    const all: LogFields = { ...bound, ...fields };
    const time = now().toISOString();
    if (options.format === 'json') {
      write(JSON.stringify({ level: LOGRUS_NAME[level], msg, time, ...all }) + '\n');
      return;
    }
    let line = `time="${time}" level=${LOGRUS_NAME[level]} msg=${JSON.stringify(msg)}`;
    for (const [k, v] of Object.entries(all)) {
      if (v !== undefined) line += ` ${k}=${quote(String(v))}`;
    }
    write(line + '\n');
  };
  return {
    debug: (m, f) => { emit('debug', m, f); },
    info: (m, f) => { emit('info', m, f); },
    warn: (m, f) => { emit('warn', m, f); },
    error: (m, f) => { emit('error', m, f); },
    isDebug: () => min === ORDER.debug,
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

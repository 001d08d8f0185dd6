// The text format of `getfattr --dump -e base64`, which `setfattr --restore` reads back: blocks of
// "# file: <path>" followed by "<name>=0s<base64>" lines. Paths and names escape unusual bytes as
// \ooo octal.
const BACKSLASH = 0x5c;

function unquote(bytes: Buffer): string {
  if (!bytes.includes(BACKSLASH)) return bytes.toString('utf8');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === BACKSLASH && /^[0-7]{3}$/.test(bytes.toString('latin1', i + 1, i + 4))) {
      out.push(parseInt(bytes.toString('latin1', i + 1, i + 4), 8));
      i += 3;
    } else if (b === BACKSLASH && bytes[i + 1] === BACKSLASH) {
      out.push(BACKSLASH);
      i++;
    } else {
      out.push(b);
    }
  }
  return Buffer.from(out).toString('utf8');
}

/** Escapes every byte that could confuse the line format, more than getfattr does (unquote accepts it). */
export function quote(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    out += b <= 0x20 || b >= 0x7f || b === BACKSLASH || b === 0x3d ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b);
  }
  return out;
}

function decodeValue(text: string): Buffer {
  if (text.startsWith('0s')) return Buffer.from(text.slice(2), 'base64');
  if (text.startsWith('0x')) return Buffer.from(text.slice(2), 'hex');
  if (text.startsWith('"') && text.endsWith('"')) return Buffer.from(unquote(Buffer.from(text.slice(1, -1), 'latin1')), 'utf8');
  return Buffer.from(text, 'utf8');
}

export function parseDump(dump: Buffer): Map<string, Map<string, Buffer>> {
  const files = new Map<string, Map<string, Buffer>>();
  let current: Map<string, Buffer> | undefined;
  let pos = 0;
  while (pos < dump.length) {
    let end = dump.indexOf(0x0a, pos);
    if (end < 0) end = dump.length;
    const line = dump.subarray(pos, end);
    pos = end + 1;
    if (line.length === 0) continue;
    if (line.toString('latin1', 0, 8) === '# file: ') {
      current = new Map<string, Buffer>();
      files.set(unquote(line.subarray(8)), current);
      continue;
    }
    const eq = line.indexOf(0x3d);
    if (current === undefined || line[0] === 0x23) continue;
    const name = unquote(eq < 0 ? line : line.subarray(0, eq));
    current.set(name, eq < 0 ? Buffer.alloc(0) : decodeValue(line.toString('latin1', eq + 1)));
  }
  return files;
}

export function formatDump(path: string, attrs: ReadonlyMap<string, Buffer>): Buffer {
  let text = `# file: ${quote(path)}\n`;
  for (const [name, value] of attrs) text += `${quote(name)}=0s${value.toString('base64')}\n`;
  return Buffer.from(text + '\n', 'latin1');
}

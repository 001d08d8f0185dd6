// Runs a helper binary with optional stdin bytes and collects its output as bytes (xattr dumps are
// not text in general: names and values may hold any byte).
import { spawn } from 'node:child_process';

export interface ToolResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export function runTool(file: string, args: string[], input?: Buffer): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
    // A tool that exits early closes its stdin; its exit status tells what went wrong.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Like runTool, but a non-zero exit becomes an error carrying the tool's stderr. */
export async function runToolChecked(file: string, args: string[], input?: Buffer): Promise<Buffer> {
  const r = await runTool(file, args, input);
  if (r.code !== 0) {
    const why = r.stderr.trim() === '' ? `exit status ${String(r.code)}` : r.stderr.trim();
    throw new Error(`${file} ${args.join(' ')}: ${why}`);
  }
  return r.stdout;
}

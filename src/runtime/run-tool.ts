import { spawn } from 'node:child_process';

/** Runs a short-lived tool (runc) to completion; failures carry its stderr. */
export function runTool(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) { resolve(Buffer.concat(out).toString()); return; }
      const why = signal === null ? `exit ${String(code)}` : `signal ${signal}`;
      reject(new Error(`${file} ${args.join(' ')}: ${why}: ${Buffer.concat(err).toString().trim()}`));
    });
  });
}

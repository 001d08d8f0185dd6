// A TCP echo server run inside the daemon's network namespace (through the pid file, as the
// reference's nsenter recipe does), and a host-side client for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';

const ECHO = `const s=require('net').createServer(c=>c.pipe(c));s.listen(+process.argv[1],process.argv[2]||'127.0.0.1',()=>console.log('listening'))`;

export async function holderPid(xdg: string): Promise<string> {
  return (await readFile(join(xdg, 'docker.pid'), 'utf8')).trim();
}

export async function startNetnsEcho(xdg: string, port: number, host = '127.0.0.1'): Promise<ChildProcess> {
  const pid = await holderPid(xdg);
  const child = spawn('nsenter', ['-U', '--preserve-credentials', '-n', '-m', '-t', pid, '--', process.execPath, '-e', ECHO, String(port), host], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('listening')) resolve(); });
    child.on('exit', (code) => { reject(new Error(`echo server exited ${code}: ${err}`)); });
  });
  return child;
}

/** Sends `text` to host:port and resolves with what comes back before the server closes. */
export function echoRoundTrip(port: number, text: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = connect({ host, port });
    let got = '';
    c.setTimeout(10_000, () => c.destroy(new Error('echo round trip timed out')));
    c.on('connect', () => c.write(text));
    c.on('data', (d) => {
      got += d.toString();
      if (got.length >= text.length) c.end();
    });
    c.on('close', () => { resolve(got); });
    c.on('error', reject);
  });
}

/** Runs a shell command inside the daemon's user, mount and network namespaces. */
export async function inNamespace(xdg: string, script: string): Promise<{ code: number | null; out: string }> {
  const pid = await holderPid(xdg);
  return new Promise((resolve) => {
    const child = spawn('nsenter', ['-U', '--preserve-credentials', '-n', '-m', '-t', pid, '--', 'bash', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => { resolve({ code, out }); });
  });
}

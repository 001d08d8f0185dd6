// A client's stdin into a container: conmon forwards its attach socket to the container's stdin,
// but that socket is SOCK_SEQPACKET, which Node's net module cannot open, so socat (Debian's
// package) carries the bytes. socat runs in the socket's directory because the full path is
// longer than a unix socket address may be. It also reads what conmon sends back (the output,
// which clients get from the log instead): conmon writes to attach clients blocking, and a
// client that never read would stall the container's monitor.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { UnavailableError } from '../base/errors.js';

export interface StdinForward {
  /** Settles once socat has exited (after the input ended, or stop()). */
  done: Promise<void>;
  stop(): void;
}

export const ATTACH_SOCKET = 'attach';

/** Pipes `input` to the container's stdin until `input` ends; its end closes the container's stdin unless conmon runs with --leave-stdin-open. */
export function forwardStdin(attachDir: string, input: Readable): StdinForward {
  const child = spawn('socat', ['-', `UNIX-CONNECT:${ATTACH_SOCKET},type=5`], { cwd: attachDir, stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => undefined);
  input.pipe(child.stdin);
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => {
      input.unpipe(child.stdin);
      reject(err.code === 'ENOENT'
        ? new UnavailableError('attaching stdin (docker run -i, docker attach) needs socat: apt-get install socat')
        : err);
    });
    child.on('exit', (code) => {
      input.unpipe(child.stdin);
      // a refused connect means conmon is gone: the container exited before its input came
      if (code === 0 || code === null || /\bconnect\(/.test(stderr)) resolve();
      else reject(new Error(`socat: ${stderr.trim() || `exit status ${code}`}`));
    });
  });
  return { done, stop: () => { child.kill(); } };
}

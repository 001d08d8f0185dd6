// A decompressor that runs as a child process (zstd, xz, bzip2), seen as one Duplex: bytes in on
// its stdin, bytes out of its stdout. Its exit status decides success, and its stderr explains a
// failure, so a corrupt layer reports what the tool said.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Duplex } from 'node:stream';

const STDERR_LIMIT = 4096;

export class ChildDecoder extends Duplex {
  private readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';

  constructor(
    private readonly file: string,
    args: string[],
    private readonly packageName: string,
  ) {
    super();
    this.child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.on('error', (err: NodeJS.ErrnoException) => {
      const missing = err.code === 'ENOENT';
      this.destroy(new Error(missing ? `${file} is not installed: install the ${packageName} package` : `${file}: ${err.message}`));
    });
    this.child.stdin.on('error', () => undefined);
    this.child.stderr.on('data', (d: Buffer) => {
      if (this.stderr.length < STDERR_LIMIT) this.stderr += d.toString('utf8');
    });
    this.child.stdout.on('data', (d: Buffer) => {
      if (!this.push(d)) this.child.stdout.pause();
    });
    this.child.on('close', (code, signal) => {
      if (this.destroyed) return;
      if (code === 0) {
        this.push(null);
        return;
      }
      const why = this.stderr.trim() !== '' ? this.stderr.trim() : signal !== null ? `killed by ${signal}` : `exit status ${String(code)}`;
      this.destroy(new Error(`${file}: ${why}`));
    });
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // A write error means the tool exited; its 'close' reports why.
    this.child.stdin.write(chunk, () => {
      callback();
    });
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.child.stdin.end(() => {
      callback();
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    callback(error);
  }
}

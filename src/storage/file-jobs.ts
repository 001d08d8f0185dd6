// Small files are written concurrently: each costs a handful of thread-pool round trips (open,
// write, chown, utimes, close) and waiting for them one at a time leaves the disk idle. A job owns
// exactly one path, so ordering is kept by draining all jobs before anything that could touch a
// path a job owns (see unpack-layer's rules).
const LIMIT = 16;

export class FileJobs {
  private readonly running = new Map<string, Promise<void>>();
  private failure: { error: unknown } | undefined;

  has(rel: string): boolean {
    return this.running.has(rel);
  }

  /** Starts `job` for `rel`, first waiting while the limit is reached; rethrows an earlier job's failure. */
  async start(rel: string, job: () => Promise<void>): Promise<void> {
    this.check();
    while (this.running.size >= LIMIT) {
      await Promise.race(this.running.values());
      this.check();
    }
    const p = job().then(
      () => {
        this.running.delete(rel);
      },
      (error: unknown) => {
        this.running.delete(rel);
        this.failure ??= { error };
      },
    );
    this.running.set(rel, p);
  }

  /** Waits for every running job; rethrows the first failure. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
    this.check();
  }

  /** Waits for every running job, ignoring failures (the unpack already failed). */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled(this.running.values());
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}

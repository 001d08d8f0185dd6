// Every process, socket and listener has exactly one owner that disposes it. Disposal runs in
// reverse order of registration, each step bounded in time, and one failing step does not stop
// the others.

export interface Disposable {
  dispose(): Promise<void> | void;
}

export class Owner implements Disposable {
  private readonly items: { name: string; item: Disposable }[] = [];
  private disposed = false;

  constructor(private readonly onError: (name: string, err: unknown) => void = () => undefined) {}

  add<T extends Disposable>(name: string, item: T): T {
    if (this.disposed) {
      void Promise.resolve(item.dispose()).catch((err: unknown) => { this.onError(name, err); });
      throw new Error(`${name} registered after its owner was disposed`);
    }
    this.items.push({ name, item });
    return item;
  }

  addFn(name: string, fn: () => Promise<void> | void): void {
    this.add(name, { dispose: fn });
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const { name, item } of this.items.reverse()) {
      try {
        await item.dispose();
      } catch (err) {
        this.onError(name, err);
      }
    }
    this.items.length = 0;
  }
}

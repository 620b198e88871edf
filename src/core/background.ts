// Work that can wait (indexes after a load, the other groupings' statistics): one task at a time, each once the
// foreground has been quiet for a moment, so a view's request is answered before background work takes the thread.
// One queue per thread (the engine's, or the process's): `touch()` on every request pushes the next task back.

export class Background {
  private readonly queue: { key: string; run: () => void | Promise<void> }[] = [];
  private running = false;
  private timer?: ReturnType<typeof setTimeout>;
  private lastTouch = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly idleMs = 100) {}

  /** A foreground request arrived: background work waits until it has been quiet for `idleMs`. */
  touch(): void {
    this.lastTouch = performance.now();
  }

  /** Queues a task (a key already queued is not queued twice). */
  add(key: string, run: () => void | Promise<void>): void {
    if (this.queue.some((t) => t.key === key)) return;
    this.queue.push({ key, run });
    this.schedule(this.idleMs);
  }

  /** Drops queued tasks whose key starts with `prefix` (all without one), e.g. when the data they were for is gone. */
  drop(prefix = ''): void {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i].key.startsWith(prefix)) this.queue.splice(i, 1);
    this.settle();
  }

  get pending(): number { return this.queue.length; }

  /** Resolves once every queued task has run (tests and the bench wait for it). */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0 && !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      (this.timer as { ref?: () => void } | undefined)?.ref?.(); // someone waits: the process stays up for it
    });
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.running || this.queue.length === 0) return;
    this.timer = setTimeout(() => this.tick(), delayMs);
    // Never keeps a CLI or test process alive, unless something awaits whenIdle().
    if (this.idleWaiters.length === 0) (this.timer as { unref?: () => void }).unref?.();
  }

  private tick(): void {
    this.timer = undefined;
    const quietFor = performance.now() - this.lastTouch;
    if (quietFor < this.idleMs) { this.schedule(this.idleMs - quietFor); return; }
    const task = this.queue.shift();
    if (!task) return;
    this.running = true;
    const done = () => { this.running = false; this.settle(); this.schedule(0); };
    // Background work is an optimisation: when it fails, the same work runs again in the foreground when asked for.
    const failed = (e: unknown) => console.warn(`background task ${task.key} failed: ${e instanceof Error ? e.message : String(e)}`);
    try {
      Promise.resolve(task.run()).catch(failed).finally(done);
    } catch (e) {
      failed(e);
      done();
    }
  }

  private settle(): void {
    if (this.queue.length > 0 || this.running) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}

/** This thread's queue. */
export const background = new Background();

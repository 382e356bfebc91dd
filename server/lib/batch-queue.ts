// A generic in-memory work queue that applies what waits together in batches, keeps the order of
// items that share a key, retries while the database is away and skips (and logs) a bad item alone.
import type { Logger } from '../logger';

export interface BatchQueueOptions<T> {
  name: string;
  /** Applies one round (at most one item per key). Throwing retries a transient failure. */
  apply: (round: T[]) => Promise<void>;
  /** Items with the same key keep their order: the k-th of a key goes in round k. */
  keyOf: (item: T) => string | undefined;
  /** Goes alone, after everything queued before it. */
  isBarrier?: (item: T) => boolean;
  isTransient: (err: unknown) => boolean;
  logger: Logger;
  maxQueue?: number;
  maxBatch?: number;
  /**
   * A round of more than `splitAbove` items is applied as up to `parallel` parts at once (their keys
   * differ, so their order does not matter): a burst uses the database's cores, and the first part's
   * work after it (pushes) overlaps the others' statements. Default: one part.
   */
  parallel?: number;
  splitAbove?: number;
}

/** Cuts a round into `parts` parts of near-equal size, in order. */
export function split<T>(round: T[], parts: number): T[][] {
  const n = Math.max(1, Math.min(parts, round.length));
  const size = Math.ceil(round.length / n);
  const out: T[][] = [];
  for (let i = 0; i < round.length; i += size) out.push(round.slice(i, i + size));
  return out;
}

/** Splits a batch into rounds: round k holds the k-th item of every key, so each key keeps its order. */
export function rounds<T>(batch: T[], keyOf: (item: T) => string | undefined): T[][] {
  const out: T[][] = [];
  const seen = new Map<string, number>();
  batch.forEach((item, i) => {
    const key = keyOf(item) ?? `#${i}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    (out[k] ??= []).push(item);
  });
  return out;
}

export class BatchQueue<T> {
  private readonly queue: T[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly maxQueue: number;
  private readonly maxBatch: number;

  constructor(private readonly o: BatchQueueOptions<T>) {
    this.maxQueue = o.maxQueue ?? 100_000;
    this.maxBatch = o.maxBatch ?? 500;
  }

  get length(): number {
    return this.queue.length;
  }

  enqueue(items: T[]): void {
    if (!items.length || this.stopped) return;
    this.queue.push(...items);
    if (this.queue.length > this.maxQueue) {
      const dropped = this.queue.splice(0, this.queue.length - this.maxQueue);
      this.o.logger.error({ queue: this.o.name, dropped: dropped.length }, 'queue full: oldest items dropped');
    }
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when every queued item is applied (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): void {
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    // Let the rest of the input being read join the first round: a burst becomes one batch.
    await new Promise((r) => setImmediate(r));
    const barrier = this.o.isBarrier ?? (() => false);
    while (this.queue.length && !this.stopped) {
      const cut = this.queue.findIndex(barrier);
      const take = cut === 0 ? 1 : cut === -1 ? this.maxBatch : Math.min(cut, this.maxBatch);
      for (const round of rounds(this.queue.splice(0, take), this.o.keyOf)) {
        const parallel = this.o.parallel ?? 1;
        const parts = round.length > (this.o.splitAbove ?? Infinity) ? split(round, parallel) : [round];
        // The next round waits for every part: a key's next item never overtakes this one.
        await Promise.all(parts.map((part) => this.applyWithRetry(part)));
      }
    }
  }

  /** Applies a round, retrying while the failure is transient; a bad item is skipped alone. */
  private async applyWithRetry(round: T[]): Promise<void> {
    let delay = 250;
    while (!this.stopped) {
      try {
        await this.o.apply(round);
        return;
      } catch (err) {
        if (this.o.isTransient(err)) {
          this.o.logger.warn(
            { err, queue: this.o.name, items: round.length, waitMs: delay },
            'database unavailable: will retry',
          );
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 10_000);
          continue;
        }
        if (round.length > 1) {
          for (const item of round) await this.applyWithRetry([item]);
          return;
        }
        this.o.logger.error({ err, queue: this.o.name }, 'an item could not be applied and is skipped');
        return;
      }
    }
  }
}

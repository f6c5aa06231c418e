/** How records leave the batcher, and what it tells about failures. */
export interface RecordBatcherOptions<T> {
  /** Stores one batch (all or nothing). The batcher never has two writes in flight. */
  write(batch: readonly T[]): Promise<void>;
  /** A batch is written at most this long after its first record was added (default 100 ms). */
  maxDelayMs?: number;
  /** A batch is written as soon as it holds this many records (default 500). */
  maxBatch?: number;
  /** Records held at most (queued plus in flight); past it the oldest are dropped (default 10 000). */
  maxQueued?: number;
  /** A failed write (attempt 1 is retried once; attempt 2 drops the batch). */
  onError?(err: unknown, attempt: 1 | 2, size: number): void;
}

/**
 * Takes telemetry off the answer's critical path: `add` is synchronous and never throws; records
 * are written in batches by one writer, at most `maxDelayMs` after the first record of a batch,
 * or at once when a batch is full, or on `flush`/`close`. A failed batch is retried once, then
 * dropped and counted. While the store is slow or down, memory stays bounded: the oldest queued
 * records are dropped (and counted) rather than the newest refused.
 */
export class RecordBatcher<T> {
  private queue: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private inFlight = 0;
  private closed = false;
  private droppedCount = 0;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;
  private readonly maxQueued: number;

  constructor(private readonly options: RecordBatcherOptions<T>) {
    this.maxDelayMs = options.maxDelayMs ?? 100;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxQueued = Math.max(options.maxQueued ?? 10_000, 1);
  }

  /** Records lost so far: dropped for room, refused after close, or in a batch that failed twice. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Records not yet committed (queued or being written). */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Queues one record; returns at once. */
  add(record: T): void {
    if (this.closed) {
      this.droppedCount += 1;
      return;
    }
    const over = this.queue.length + this.inFlight + 1 - this.maxQueued;
    if (over > 0) {
      // the in-flight batch is already handed to the store: make room among the queued ones
      const cut = Math.min(over, this.queue.length);
      this.queue.splice(0, cut);
      this.droppedCount += cut;
      if (cut < over) {
        this.droppedCount += 1;
        return;
      }
    }
    this.queue.push(record);
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
  }

  /** Writes everything queued now; resolves when it is committed (or dropped). Never rejects. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      // records added after the last batch was taken wait no longer than the usual delay
      if (this.queue.length > 0) this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
    });
    return this.draining;
  }

  /** Writes what is queued; later records are dropped and counted (the store is closing). */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight = batch.length;
      try {
        await this.writeWithRetry(batch);
      } finally {
        this.inFlight = 0;
      }
    }
  }

  private async writeWithRetry(batch: readonly T[]): Promise<void> {
    for (const attempt of [1, 2] as const) {
      try {
        await this.options.write(batch);
        return;
      } catch (err) {
        this.options.onError?.(err, attempt, batch.length);
      }
    }
    this.droppedCount += batch.length;
  }
}

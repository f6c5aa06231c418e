import type { CountersPort } from "../store/ports";

/** Counts hits in fixed windows: the count including this hit, and when the window ends. */
export interface WindowCounter {
  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
}

/** Keys kept at most by the in-process counter; past that, ended windows are dropped first. */
const MAX_KEYS = 100_000;

/**
 * Counters of one process (SQLite and memory stores: one process owns the database, so its
 * counts are exact and cost no I/O).
 */
export class MemoryWindowCounter implements WindowCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (!w && this.windows.size >= MAX_KEYS) this.sweep(now);
      w = { count: 0, resetAt: Math.floor(now / windowMs) * windowMs + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { count: w.count, resetAt: w.resetAt };
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    // still full of live windows (a flood of distinct keys): start over rather than grow
    if (this.windows.size >= MAX_KEYS) this.windows.clear();
  }
}

/**
 * Counters in the shared store (PostgreSQL: every replica counts in one table, one atomic
 * upsert per hit). Ended windows are purged once per window by each replica.
 */
export class StoreWindowCounter implements WindowCounter {
  private purged = 0;

  constructor(private readonly counters: Pick<CountersPort, "hit" | "purge">) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const result = await this.counters.hit(key, windowMs, Date.now());
    const window = result.resetAt - windowMs;
    if (window !== this.purged) {
      this.purged = window;
      void this.counters.purge(window).catch(() => undefined);
    }
    return result;
  }
}

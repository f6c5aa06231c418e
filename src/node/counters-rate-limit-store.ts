import type { Store, IncrementResponse } from "express-rate-limit";
import type { CountersPort } from "../store/ports";

/**
 * express-rate-limit's Store over the shared counters port, so that a per-token limit of N a
 * minute holds across every replica on one database (one atomic upsert per request). Windows
 * that ended are purged once per window by each replica.
 */
export class CountersRateLimitStore implements Store {
  readonly localKeys = false;
  private purgedWindow = 0;

  constructor(
    private readonly counters: Pick<CountersPort, "hit" | "purge">,
    readonly prefix: string,
    private readonly windowMs = 60_000,
  ) {}

  async increment(key: string): Promise<IncrementResponse> {
    const now = Date.now();
    const { count, resetAt } = await this.counters.hit(`${this.prefix}:${key}`, this.windowMs, now);
    const window = resetAt - this.windowMs;
    if (window !== this.purgedWindow) {
      this.purgedWindow = window;
      void this.counters.purge(window).catch(() => undefined);
    }
    return { totalHits: count, resetTime: new Date(resetAt) };
  }

  /** Not used: the node counts every request (no skipSuccessfulRequests / skipFailedRequests). */
  async decrement(): Promise<void> {}

  /** Not used: limits reset with their window. */
  async resetKey(): Promise<void> {}
}

import type { NodeAssertionOptions } from "./node-assertion";

export interface AssertionCacheOptions {
  /** Lifetime of each assertion in seconds (at most 300, the partners' limit). */
  ttlSec?: number;
  /** An assertion is replaced when fewer seconds than this remain. */
  renewBeforeSec?: number;
  /** Audiences kept at most (one per partner). */
  maxEntries?: number;
  now?: () => number;
}

/**
 * The assertions this node presents to partners (catalog pulls, forwarded calls): one per
 * partner URL, reused until shortly before it expires, so signing is not on every request's
 * path. Concurrent requests for the same partner share one signing.
 */
export class AssertionCache {
  private readonly entries = new Map<string, { token: Promise<string>; renewAt: number }>();
  private readonly ttlSec: number;
  private readonly renewBeforeSec: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly sign: (options: NodeAssertionOptions) => Promise<string>,
    options: AssertionCacheOptions = {},
  ) {
    this.ttlSec = options.ttlSec ?? 300;
    this.renewBeforeSec = Math.min(options.renewBeforeSec ?? 60, this.ttlSec - 1);
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** A valid assertion for the partner at `audience` (its base URL). */
  get(audience: string): Promise<string> {
    const aud = audience.replace(/\/+$/, "");
    const hit = this.entries.get(aud);
    if (hit && this.now() < hit.renewAt) return hit.token;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const token = this.sign({ audience: aud, ttlSec: this.ttlSec });
    // a failed signing is not cached
    token.catch(() => this.entries.delete(aud));
    this.entries.set(aud, { token, renewAt: this.now() + (this.ttlSec - this.renewBeforeSec) * 1000 });
    return token;
  }
}

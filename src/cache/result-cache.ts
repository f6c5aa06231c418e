import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** What one cached answer is stored with. */
export interface CacheEntryInfo {
  /** The registry id of the tool (`server.tool` or `name@host`). */
  tool: string;
  /** Server tags and cache-rule tags: `POST /admin/cache/invalidate { tags }` drops by them. */
  tags: readonly string[];
  ttlMs: number;
  /** The tool's definition fingerprint when cached (see tool-facts.ts). */
  fingerprint?: string;
}

interface Entry extends CacheEntryInfo {
  result: CallToolResult;
  bytes: number;
  expiresAt: number;
}

export interface ResultCacheOptions {
  maxEntries: number;
  maxBytes: number;
  now?: () => number;
}

/**
 * A bounded LRU of tool results (entries and serialized bytes). A Map keeps insertion order:
 * a hit moves its entry to the end, eviction takes from the front. Results are stored and
 * served as copies, so no caller can change what another one is served.
 */
export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private options: ResultCacheOptions) {}

  /** New bounds (reload): entries past them are evicted at once. */
  resize(bounds: Pick<ResultCacheOptions, "maxEntries" | "maxBytes">): void {
    this.options = { ...this.options, ...bounds };
    this.evict();
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** The live entry under `key` (a copy), or undefined; an expired entry is dropped. */
  get(key: string): CallToolResult | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.delete(key, entry);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return structuredClone(entry.result);
  }

  /** Stores a result; false when it alone is larger than the byte bound. */
  set(key: string, result: CallToolResult, info: CacheEntryInfo): boolean {
    const serialized = JSON.stringify(result);
    const bytes = Buffer.byteLength(serialized);
    if (bytes > this.options.maxBytes) return false;
    const old = this.entries.get(key);
    if (old) this.delete(key, old);
    this.entries.set(key, { ...info, tags: [...info.tags], result: JSON.parse(serialized) as CallToolResult, bytes, expiresAt: this.now() + info.ttlMs });
    this.bytes += bytes;
    this.evict();
    return true;
  }

  /** Drops every entry carrying one of `tags`; returns how many were dropped. */
  invalidateTags(tags: readonly string[]): number {
    const wanted = new Set(tags);
    return this.invalidate((e) => e.tags.some((t) => wanted.has(t)));
  }

  /** Drops every entry `drop` selects; returns how many were dropped. */
  invalidate(drop: (entry: CacheEntryInfo) => boolean): number {
    let n = 0;
    for (const [key, entry] of this.entries) {
      if (!drop(entry)) continue;
      this.delete(key, entry);
      n += 1;
    }
    return n;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) return;
      this.delete(key, entry);
    }
  }

  private delete(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

import { timingSafeEqual } from "node:crypto";

/** A key for a token string: cheap to compute, never trusted alone (a hit is compared in full). */
export type TokenKey = (token: string) => number;

/** 32-bit FNV-1a over the UTF-16 code units: a few dozen ns for a bearer token, against ~1–2 µs for SHA-256. */
export const fnv1a: TokenKey = (token) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

interface Entry<P> {
  token: Buffer;
  principal: P;
}

/**
 * Tokens already verified against the stored hashes, so a caller presenting the same token again
 * skips the SHA-256 and the scan over every stored hash. Looked up by a fast hash; a hit counts
 * only when the presented token equals the cached one byte for byte, compared with
 * timingSafeEqual. Only verified tokens are cached (a wrong token always takes the full path and
 * cannot fill the cache); the cache is bounded and emptied whenever the token set changes.
 * The cached bytes stay in this process's memory only, as the presented token already does.
 */
export class VerifiedTokenCache<P> {
  private readonly entries = new Map<number, Entry<P>>();

  constructor(
    private readonly maxEntries = 1024,
    private readonly key: TokenKey = fnv1a,
  ) {}

  /** The principal of a token verified before, or undefined. */
  get(token: string): P | undefined {
    const entry = this.entries.get(this.key(token));
    if (entry === undefined) return undefined;
    const presented = Buffer.from(token, "utf8");
    // lengths are not secret (the token format fixes them); contents are compared in constant time
    if (presented.length !== entry.token.length || !timingSafeEqual(presented, entry.token)) return undefined;
    return entry.principal;
  }

  /** Remembers a token that was just verified. */
  set(token: string, principal: P): void {
    // a bound, not an LRU: at the bound everything is forgotten and verified again once
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(this.key(token), { token: Buffer.from(token, "utf8"), principal });
  }

  /** Forgets every token (the token set changed: a revoked token must not stay valid). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

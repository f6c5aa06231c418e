import { createLocalJWKSet, errors, type JSONWebKeySet, type JWSHeaderParameters, type KeyLike } from "jose";
import { readResponseBounded } from "../net/bounded-body";

export interface RemoteJwksOptions {
  url: string;
  /** Whole-request time limit. */
  timeoutMs?: number;
  /** Largest JWKS document accepted. */
  maxBytes?: number;
  /** A cached set is refetched after this long. */
  maxAgeMs?: number;
  /** Least time between two fetches, however many unknown `kid`s arrive (no amplification). */
  cooldownMs?: number;
  now?: () => number;
}

type Selector = (header: JWSHeaderParameters) => Promise<KeyLike>;

/** Fetches one JWKS document with a timeout and a size cap; no redirects. */
export async function fetchJwks(url: string, timeoutMs: number, maxBytes: number): Promise<JSONWebKeySet> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "error", headers: { accept: "application/json" } });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`JWKS ${url} answered ${res.status}`);
  }
  const body: unknown = JSON.parse((await readResponseBounded(res, maxBytes, "the JWKS endpoint")).toString("utf8"));
  if (body === null || typeof body !== "object" || !Array.isArray((body as { keys?: unknown }).keys)) throw new Error(`JWKS ${url} has no keys array`);
  return body as JSONWebKeySet;
}

/**
 * A JWKS fetched from a URL: cached for `maxAgeMs`, refetched early when a token names a `kid`
 * the cached set lacks (an issuer rotated), but never more than once per `cooldownMs`, so a
 * stream of tokens with made-up `kid`s cannot turn the node into a load generator.
 */
export class RemoteJwks {
  private selector?: Selector;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inflight?: Promise<void>;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(private readonly options: RemoteJwksOptions) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024;
    this.maxAgeMs = options.maxAgeMs ?? 600_000;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** How many times the document was fetched (for tests and metrics). */
  fetches = 0;

  /** The key for a token's protected header, as jose's `jwtVerify` wants it. */
  readonly getKey = async (header: JWSHeaderParameters): Promise<KeyLike> => {
    if (!this.selector || this.now() - this.fetchedAt > this.maxAgeMs) await this.refresh();
    try {
      if (!this.selector) throw new errors.JWKSNoMatchingKey();
      return await this.selector(header);
    } catch (err) {
      if (!(err instanceof errors.JWKSNoMatchingKey)) throw err;
      if (this.now() - this.attemptedAt < this.cooldownMs) throw err;
      await this.refresh();
      if (!this.selector) throw err;
      return this.selector(header);
    }
  };

  /** The current key set (fetched if needed), for thumbprint pinning. */
  async keys(): Promise<JSONWebKeySet> {
    if (!this.document || this.now() - this.fetchedAt > this.maxAgeMs) await this.refresh();
    return this.document ?? { keys: [] };
  }

  private document?: JSONWebKeySet;

  private refresh(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (this.now() - this.attemptedAt < this.cooldownMs) return Promise.resolve();
    this.attemptedAt = this.now();
    this.inflight = (async () => {
      this.fetches++;
      try {
        const doc = await fetchJwks(this.options.url, this.timeoutMs, this.maxBytes);
        this.document = doc;
        this.selector = createLocalJWKSet(doc) as Selector;
        this.fetchedAt = this.now();
      } catch {
        // keep serving the last good set; a token whose key is missing is simply refused
      }
    })().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }
}

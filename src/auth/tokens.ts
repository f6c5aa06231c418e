import { hash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Scope } from "../config/config-schema";
import { SCOPES } from "../config/config-schema";

/** Who made a request: a token id and what it may do. Never the token itself. */
export interface Principal {
  id: string;
  scopes: ReadonlySet<Scope>;
}

interface StoredToken {
  id: string;
  hash: Buffer;
  scopes: ReadonlySet<Scope>;
}

// crypto.hash: the one-shot form, about 1.7x faster than createHash() for a token (Node ≥ 20.12)
export function sha256Hex(token: string): string {
  return hash("sha256", token, "hex");
}

/** A new random token: 32 bytes, URL-safe, prefixed so it is recognisable in secret scanners. */
export function generateToken(): string {
  return `mcpf_${randomBytes(32).toString("base64url")}`;
}

/**
 * Verifies bearer tokens against stored SHA-256 hashes. Every stored hash is compared with
 * timingSafeEqual, with no early exit, so timing tells nothing about which token nearly matched.
 */
export class TokenVerifier {
  private tokens: StoredToken[] = [];

  constructor(entries: Iterable<{ id: string; sha256: string; scopes: readonly Scope[] }> = []) {
    this.replace(entries);
  }

  /** Swaps the whole token set at once (used on reload). */
  replace(entries: Iterable<{ id: string; sha256: string; scopes: readonly Scope[] }>): void {
    this.tokens = [...entries].map((e) => ({
      id: e.id,
      hash: Buffer.from(e.sha256, "hex"),
      scopes: new Set(e.scopes),
    }));
  }

  get size(): number {
    return this.tokens.length;
  }

  verify(token: string): Principal | undefined {
    const presented = hash("sha256", token, "buffer");
    let match: StoredToken | undefined;
    for (const stored of this.tokens) {
      if (timingSafeEqual(presented, stored.hash) && match === undefined) match = stored;
    }
    return match ? { id: match.id, scopes: match.scopes } : undefined;
  }
}

/** Every scope, for the shared federation token and the open loopback mode. */
export const ALL_SCOPES: readonly Scope[] = SCOPES;

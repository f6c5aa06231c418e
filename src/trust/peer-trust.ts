import { verifyCatalog } from "./signed-catalog";

/** The verification outcome of a peer's catalog (kept as data, so it can be stored with the catalog). */
export interface PeerTrust {
  status: "pending" | "unsigned" | "verified" | "refused";
  /** Thumbprint of the key trusted for this peer (pinned, or remembered on first use). */
  key: string | null;
  reason: string | null;
  /** Keys the refused catalog was signed with (what accept-key would accept). */
  offeredKeys: string[];
  issuedAt: string | null;
  seq: number | null;
}

/** The trust of one peer as data. */
export interface PeerTrustSnapshot {
  trustedKey: string | null;
  lastCatalog: { iat: number; seq: number } | null;
  state: PeerTrust;
}

/** `tool-refused`: a call was refused because the tool's definition no longer matches its signed digest. */
export type PeerTrustEvent = { outcome: "refused" | "key-learnt" | "key-rotated" | "key-accepted" | "tool-refused"; detail: string };

/** The peer's catalog failed verification: its tools are dropped, not kept stale. */
export class CatalogTrustError extends Error {}

/**
 * What this node trusts of one peer's catalogs: the key (pinned or learnt on first use) and the
 * newest catalog accepted. A signed catalog must verify against that key and be newer; an
 * unsigned one is accepted only from a peer that never signed and has no pinned key (ADR 0026).
 */
export class PeerCatalogTrust {
  private trustedKey: string | undefined;
  private lastCatalog: { iat: number; seq: number } | undefined;
  private state: PeerTrust;

  constructor(
    private readonly host: () => string,
    pinned: string | undefined,
    private readonly onTrust?: (host: string, event: PeerTrustEvent) => void,
  ) {
    this.trustedKey = pinned;
    this.state = { status: "pending", key: pinned ?? null, reason: null, offeredKeys: [], issuedAt: null, seq: null };
  }

  status(): PeerTrust {
    return { ...this.state, offeredKeys: [...this.state.offeredKeys] };
  }

  /** The key this peer's answers must be signed with: set once its catalog verified. */
  get answerKey(): string | undefined {
    return this.state.status === "verified" ? this.trustedKey : undefined;
  }

  /** Throws CatalogTrustError when the catalog (as parsed, before any filtering) is refused. */
  async check(header: string | string[] | undefined, body: unknown[]): Promise<void> {
    const value = Array.isArray(header) ? header.join(",") : header;
    if (value === undefined && this.trustedKey === undefined) {
      this.state = { status: "unsigned", key: null, reason: null, offeredKeys: [], issuedAt: null, seq: null };
      return;
    }
    const outcome = await verifyCatalog(value, body, { trustedKey: this.trustedKey, last: this.lastCatalog });
    if (!outcome.valid) {
      this.state = { status: "refused", key: this.trustedKey ?? null, reason: outcome.reason, offeredKeys: outcome.offeredKeys, issuedAt: null, seq: null };
      this.onTrust?.(this.host(), { outcome: "refused", detail: outcome.reason });
      throw new CatalogTrustError(`catalog refused: ${outcome.reason}`);
    }
    if (this.trustedKey === undefined) this.onTrust?.(this.host(), { outcome: "key-learnt", detail: outcome.kid });
    else if (this.trustedKey !== outcome.kid) this.onTrust?.(this.host(), { outcome: "key-rotated", detail: `${this.trustedKey} -> ${outcome.kid} (vouched for by the old key)` });
    this.trustedKey = outcome.kid;
    this.lastCatalog = { iat: outcome.claims.iat, seq: outcome.claims.seq };
    this.state = { status: "verified", key: outcome.kid, reason: null, offeredKeys: [], issuedAt: new Date(outcome.claims.iat).toISOString(), seq: outcome.claims.seq };
  }

  /** What this trust holds, as data (stored with the peer's sync, so replicas and restarts keep it). */
  snapshot(): PeerTrustSnapshot {
    return { trustedKey: this.trustedKey ?? null, lastCatalog: this.lastCatalog ?? null, state: this.status() };
  }

  /** Takes a stored trust (the leader's, or this node's before a restart); a pinned key stays pinned. */
  restore(s: PeerTrustSnapshot, pinned: string | undefined): void {
    if (pinned !== undefined && s.trustedKey !== pinned) return;
    this.trustedKey = s.trustedKey ?? undefined;
    this.lastCatalog = s.lastCatalog ?? undefined;
    this.state = { ...s.state, offeredKeys: [...s.state.offeredKeys] };
  }

  /** Trusts the key the last refused catalog was signed with; false when there is none. */
  acceptOffered(): boolean {
    const offered = this.state.offeredKeys[0];
    if (this.state.status !== "refused" || offered === undefined) return false;
    this.onTrust?.(this.host(), { outcome: "key-accepted", detail: `${this.trustedKey ?? "none"} -> ${offered}` });
    this.trustedKey = offered;
    this.state = { ...this.state, key: offered };
    return true;
  }
}

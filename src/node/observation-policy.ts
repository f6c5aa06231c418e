/** What an uploading token may vouch for: the peer host it speaks for, and how far it is trusted. */
export interface Uploader {
  /** The peer host (`host[:port]`) whose tools this token's uploads describe. */
  host?: string;
  /** 0..1: the share of its records that count (default DEFAULT_UPLOADER_TRUST). */
  trust?: number;
}

export interface ObservationPolicyOptions {
  /** Is this name in the registry (the local catalog or a peer's catalog)? */
  isKnown: (mcpName: string) => boolean;
  /** The token entry that uploaded records under this source id, if it still exists. */
  uploader: (source: string) => Uploader | undefined;
}

/** Uploaded observations count at half weight unless the token entry says otherwise. */
export const DEFAULT_UPLOADER_TRUST = 0.5;

/**
 * Decides which performance records feed the engine's statistics and the tool metrics. A name
 * outside the registry never does (an upload of a million made-up names must not grow memory or
 * /metrics). This node's own records (`source: "local"`) always do. A record uploaded by a
 * partner counts only for that partner's own tools — `name@<host of the uploading token>` — so no
 * one can rank another host's tools or this node's hosted tools, and then only with the
 * uploader's trust as its weight: the statistics take one of every 1/trust records of that
 * uploader for that tool (a deterministic thinning, so the engine's counters stay integers).
 */
export class ObservationPolicy {
  /** Fractional credit per (uploader, tool): bounded by tokens × registry entries. */
  private readonly credit = new Map<string, number>();

  constructor(private readonly options: ObservationPolicyOptions) {}

  /** Does this record describe a tool in the registry? (Gate for metric series.) */
  isKnown(mcpName: string): boolean {
    return this.options.isKnown(mcpName);
  }

  /** Does this record count towards the engine's ranking statistics? */
  countsForRanking(record: { mcp_name: string; source: string }): boolean {
    if (!this.options.isKnown(record.mcp_name)) return false;
    if (record.source === "local") return true;
    const uploader = this.options.uploader(record.source);
    if (!uploader?.host || hostOf(record.mcp_name) !== uploader.host.toLowerCase()) return false;
    const trust = Math.min(1, Math.max(0, uploader.trust ?? DEFAULT_UPLOADER_TRUST));
    const key = `${record.source}\u0000${record.mcp_name}`;
    const credit = (this.credit.get(key) ?? 0) + trust;
    const counts = credit >= 1 - 1e-9;
    this.credit.set(key, counts ? credit - 1 : credit);
    return counts;
  }
}

/** The host of `name@host`, lower-cased, or undefined for a local name. */
export function hostOf(mcpName: string): string | undefined {
  const at = mcpName.lastIndexOf("@");
  return at <= 0 ? undefined : mcpName.slice(at + 1).toLowerCase();
}

import type { PeerState } from "./peer";
import type { RemoteEntry, RemoteRecord } from "./remote-catalog";
import type { PeerTrustSnapshot } from "../trust/peer-trust";

/**
 * What one sync of a peer left behind, as plain data: the leader of a group of replicas stores it
 * and the other replicas take it instead of calling the partner themselves. `catalogVersion`
 * changes whenever the leader took a new catalog, `recordsSeq` whenever it pulled new records
 * (the batch rides along, so followers' statistics count the partner's executions too).
 */
export interface PeerSnapshot {
  url: string;
  state: PeerState;
  entries: RemoteEntry[];
  catalogVersion: number;
  etag?: string;
  lastSync: string | null;
  lastSuccess: string | null;
  lastError: string | null;
  failures: number;
  dropped: number;
  rejected: { name: string; reason: string }[];
  rejectedCount: number;
  nextProbeAt: number;
  recordsSince?: number;
  seenAtSince: number;
  metricsDenied: boolean;
  recordsSeq: number;
  records: RemoteRecord[];
  /** The catalog trust (trusted key, newest catalog accepted), when the peer has one. */
  trust?: PeerTrustSnapshot;
}

/** A snapshot read back from the store, checked for shape (a store is data, not trust). */
export function parsePeerSnapshot(json: string): PeerSnapshot | undefined {
  try {
    const v = JSON.parse(json) as Partial<PeerSnapshot>;
    if (typeof v.url !== "string" || !Array.isArray(v.entries) || typeof v.state !== "string" || typeof v.catalogVersion !== "number") return undefined;
    if (typeof v.recordsSeq !== "number" || !Array.isArray(v.records)) return undefined;
    return v as PeerSnapshot;
  } catch {
    return undefined;
  }
}

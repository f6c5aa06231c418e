import type { FederationEventClaims } from "../trust/federation-events";
import type { PeerOptions } from "./peer";
/** The engine's public types. */
import type { Objectives } from "./objectives";
import type { PeerSyncResult } from "./peer";
import type { RemoteEntry } from "./remote-catalog";
import type { VerdictView } from "../trust/tool-digest";

export interface PeerConfig {
  url: string;
  token?: string;
  /** RFC 7638 thumbprint of the key that must sign the peer's catalog (pinned); learnt on first use when absent. */
  key?: string;
  /** Client certificate presented to the peer (PEM file paths); `ca` verifies the peer's server certificate. */
  tls?: { cert: string; key: string; ca?: string };
}

/** A tool of this node, as the embedding node lists it. */
export interface LocalTool {
  name: string;
  description: string;
  version: string;
  tags: string[];
  capabilities: string[];
  inputSchema: Record<string, unknown>;
  executable: boolean;
  /** Configured cost per call, used until records say otherwise. */
  cost?: number | null;
  /** 0..1; 1 for the operator's own servers. */
  trust?: number;
  /** What the tool's server is for; the search index reads it. */
  serverDescription?: string;
}

/** One tool of the federation: local under its own name, remote as `name@host`. */
export interface RegistryEntry extends Omit<LocalTool, "cost" | "trust" | "serverDescription"> {
  id: string;
  /** null for local tools. */
  host: string | null;
  stale: boolean;
  /** A remote tool's governance verdict and whether its publisher's signature covers it. */
  governance?: VerdictView;
}

export interface RankedTool extends RegistryEntry {
  /** 0 for the non-dominated front. */
  front: number;
  crowding: number;
  objectives: Objectives;
}

export interface RankOptions {
  query?: string;
  /** Only this node's own tools (host null), as /discover?scope=local lists them. */
  localOnly?: boolean;
  tag?: string;
  capability?: string;
  limit?: number;
}

export interface RefreshResult {
  /** Entries in the registry after the refresh. */
  entries: number;
  errors: { url: string; error: string }[];
  peers: PeerSyncResult[];
}

/** A performance observation, as stored by the node and served at GET /metadata. */
export interface Observation {
  mcp_name: string;
  success: boolean;
  latency_ms: number;
  cost: number | null;
  error_class?: string | null;
}

export interface FederatedEngineOptions {
  peers?: PeerConfig[];
  /** Token for peers that have none of their own. */
  token?: string;
  /** Per-request timeout towards peers (default 5 s). */
  timeoutMs?: number;
  /** Retries of a failed catalog pull (default 2). */
  retries?: number;
  retryBaseMs?: number;
  /** Consecutive failures that mark a peer offline (default 3). */
  failureLimit?: number;
  /** Delay before an offline peer is probed again (default 30 s, growing with failures). */
  probeIntervalMs?: number;
  /** Largest catalog or records response, in bytes (default 16 MiB). */
  maxBytes?: number;
  /** Most entries taken from one peer's catalog (default 5000). */
  maxEntries?: number;
  /** Time limit of a forwarded call (default 30 s). */
  executeTimeoutMs?: number;
  /** Circuit breaker per peer for forwarded calls (defaults: 5 consecutive failures, 10 s open). */
  breakerThreshold?: number;
  breakerOpenMs?: number;
  /** The embedding node's own tools. */
  localTools?: () => readonly LocalTool[];
  /** Changes whenever the local tools do (lets the engine cache its search index). */
  localRevision?: () => number;
  /**
   * Checks a partner's catalog before its tools are listed or served: returns the names it
   * rejects, each with a reason. Rejected entries are dropped and counted in the peer's status.
   * The node passes governance's description analysis; a library user may pass their own.
   */
  screenCatalog?: (entries: readonly RemoteEntry[]) => ReadonlyMap<string, string> | Promise<ReadonlyMap<string, string>>;
  /** Signs (or reuses) a short-lived assertion for a peer URL; used for peers without a token. */
  nodeAssertion?: (audience: string) => Promise<string>;
  /** Told when a peer's catalog signature is refused or its trusted key changes (the node audits it). */
  onPeerTrust?: PeerOptions["onTrust"];
  /**
   * A peer's signed event (`/federation/events`: its catalog changed, a tool was revoked). When
   * set, the engine keeps one event stream open per peer; the caller decides what to do (sync).
   */
  onPeerEvent?: (host: string, claims: FederationEventClaims) => void;
  /** Called with every call the engine makes, for the node to store. */
  onRecord?: (record: Observation) => void;
}

import type { AuditEntry, AuditEvent } from "./audit-store";
import type { CatalogEntry } from "./catalog-store";
import type { StoredPeer } from "./peers-store";
import type { PerformanceRecord, RecordQuery } from "./records-store";
import type { Submission } from "./submissions-store";

/**
 * The store ports: what the services may ask of storage, and nothing more. Every method is async
 * so that the same services run on the embedded SQLite adapter, on PostgreSQL (shared by
 * replicas) and on the in-memory fakes. Stores return `undefined` for "missing"; services decide
 * whether that is an error.
 */

/** The published tools. */
export interface CatalogPort {
  /** Every entry, sorted by name (byte order). */
  all(): Promise<CatalogEntry[]>;
  /** Replaces every entry of one server at once (one transaction). */
  replaceServer(server: string, entries: readonly CatalogEntry[]): Promise<void>;
  /** Removes the entries of hosted servers that are not in `names`. */
  retainHostedServers(names: readonly string[]): Promise<void>;
}

/** A published tool's pinned definition hash. */
export interface ToolPin {
  tool: string;
  sha256: string;
}

/** Governance decisions and the pins of published tools. */
export interface SubmissionsPort {
  /** Stores a decision; a publication supersedes the name's published version and replaces its pins. */
  record(sub: Submission, pins?: readonly ToolPin[]): Promise<void>;
  /** The newest decision for a name, whatever it was. */
  latest<M, R>(name: string): Promise<Submission<M, R> | undefined>;
  /** The version currently published under a name. */
  published<M, R>(name: string): Promise<Submission<M, R> | undefined>;
  /** Every published submission, oldest first. */
  allPublished<M, R>(): Promise<Submission<M, R>[]>;
  /** Was this exact version ever published (now or before)? */
  versionPublished(name: string, version: string): Promise<boolean>;
  /** The organization that first published the name, if any. */
  owner(name: string): Promise<string | undefined>;
  /** Unpublishes a name and drops its pins; false if nothing was published. */
  unpublish(name: string): Promise<boolean>;
  pins(server: string): Promise<Map<string, string>>;
  /** How many decisions are stored (every status). */
  count(): Promise<number>;
}

/** Anonymized performance records. */
export interface RecordsPort {
  /** Committed when the promise resolves. */
  add(record: PerformanceRecord): Promise<void>;
  /** Every record or none (one transaction). */
  addBatch(records: readonly PerformanceRecord[]): Promise<void>;
  /**
   * Resolves once every write already started is committed (on shutdown). Execution records are
   * batched by the recorder (src/metrics/record-batcher.ts), not by the stores.
   */
  flush(): Promise<void>;
  /** Newest first (ts, then insertion order). */
  list(query: RecordQuery): Promise<PerformanceRecord[]>;
  count(): Promise<number>;
}

/** The audit trail. `target` is cut to 300 characters and `detail` to 1000. */
export interface AuditPort {
  add(event: AuditEvent, now?: number): Promise<void>;
  /** Newest first. */
  list(query: { limit: number; action?: string; since?: number }): Promise<AuditEntry[]>;
}

/** Peers added at run time. */
export interface PeersPort {
  /** In the order they were first added. */
  all(): Promise<StoredPeer[]>;
  /** Adds a peer or replaces its token (keeping its place in the order). */
  save(peer: StoredPeer): Promise<void>;
  remove(url: string): Promise<boolean>;
}

/**
 * The leader's last sync of each peer (an engine PeerSnapshot as JSON, kept as the engine wrote
 * it), so that replicas other than the leader list and call partners without syncing themselves.
 */
export interface PeerSyncPort {
  /** Every stored sync, one per peer URL. */
  all(): Promise<string[]>;
  /** Replaces a peer's stored sync (on PostgreSQL the other replicas hear `peer-sync`). */
  save(url: string, snapshot: string): Promise<void>;
  remove(url: string): Promise<void>;
}

/** A signing key of the node (private material included: the store is the key's home by default). */
export interface StoredKey {
  /** The key id (a JWK thumbprint). */
  id: string;
  /** What the key is for, such as `node-signing`. */
  purpose: string;
  /** The key as the owner serialized it (a private JWK in JSON). */
  material: string;
  createdAt: number;
  /** When it stopped signing; absent while current. */
  retiredAt?: number;
}

/** The node's keys, shared by replicas. */
export interface KeysPort {
  /**
   * Stores `key` unless a current key for its purpose exists, and returns the current key
   * either way: replicas starting together end up with one key.
   */
  ensureCurrent(key: StoredKey): Promise<StoredKey>;
  /** The current (not retired) key of a purpose. */
  current(purpose: string): Promise<StoredKey | undefined>;
  /** Every key of a purpose, newest first, retired ones included (for JWKS overlap). */
  list(purpose: string): Promise<StoredKey[]>;
  /** Retires the current key of `next.purpose` and makes `next` current, atomically. */
  rotate(next: StoredKey, now?: number): Promise<void>;
}

/** Session state that any replica can resume (MCP sessions). */
export interface SessionRecord {
  id: string;
  /** The token id that created the session; only that token may use it. */
  owner: string;
  /** Opaque JSON the session owner serialized. */
  data: string;
  /** Epoch ms after which the session is gone. */
  expiresAt: number;
}

export interface SessionsPort {
  /** Creates or replaces a session. */
  put(session: SessionRecord): Promise<void>;
  /** The session if it exists and has not expired at `now`. */
  get(id: string, now?: number): Promise<SessionRecord | undefined>;
  /** Extends a live session; false if it is missing or expired. */
  touch(id: string, expiresAt: number, now?: number): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  /** Deletes expired sessions; returns how many. */
  purgeExpired(now?: number): Promise<number>;
}

/** Fixed-window counters (rate limits), shared by replicas. */
export interface CountersPort {
  /**
   * Counts one hit on `key` in the window of `windowMs` holding `now`, and returns the count
   * including this hit and when the window ends.
   */
  hit(key: string, windowMs: number, now?: number): Promise<{ count: number; resetAt: number }>;
  /** Forgets windows that ended before `before`. */
  purge(before: number): Promise<number>;
}

/** A change one replica made that the others must apply to what they keep in memory. */
export type StoreChange =
  | { topic: "catalog"; server: string }
  | { topic: "submissions"; name: string }
  | { topic: "peers" }
  /** The leader stored a new sync of the peers. */
  | { topic: "peer-sync" }
  /** An MCP session was ended (DELETE) on another replica. */
  | { topic: "mcp-session"; id: string }
  /** Cached answers carrying these tags were invalidated on another replica (src/cache). */
  | { topic: "cache"; tags: string[] }
  /** The feed lost its connection: changes may have been missed, reload everything. */
  | { topic: "resync" };

/**
 * Changes made by OTHER replicas on the same database. The adapters announce their own writes
 * (on PostgreSQL in the writing transaction, delivered on commit); a replica never hears its own.
 * SQLite and memory have no other replicas, so nothing is ever delivered there.
 */
export interface ChangeFeed {
  subscribe(listener: (change: StoreChange) => void): () => void;
  /** Tells the other replicas a change that is not a write (absent where there are no replicas). */
  announce?(change: Extract<StoreChange, { topic: "cache" }>): Promise<void>;
}

/**
 * Which replica runs a singleton job (governance rechecks). On PostgreSQL a session advisory lock
 * held on a dedicated connection: it is released when the leader stops or its process dies, and
 * the next `tryLead` of another replica takes it. Elsewhere the only process always leads.
 */
export interface LeadershipPort {
  /** Is this replica the leader of `role`? Takes the role if it is free. */
  tryLead(role: string): Promise<boolean>;
  /** Gives up every role (at shutdown, so another replica takes over at once). */
  release(): Promise<void>;
}

/** A registered member's last heartbeat (epoch ms). */
export interface MemberBeat {
  name: string;
  lastBeat: number;
}

/**
 * Heartbeats of registered members, shared by replicas: a member beating on one replica is fresh
 * on all of them. Only members that have beaten at least once have a row.
 */
export interface HeartbeatsPort {
  /** Records a beat of `name` at `now` (a later beat replaces an earlier one, never the reverse). */
  beat(name: string, now?: number): Promise<void>;
  get(name: string): Promise<MemberBeat | undefined>;
  /** Every member with a beat, sorted by name (byte order). */
  all(): Promise<MemberBeat[]>;
  /** Forgets a member (unregistered); false if it had no beat. */
  remove(name: string): Promise<boolean>;
}

/** Which adapter backs the stores. */
export type StoreKind = "sqlite" | "postgres" | "memory";

/** Every store of a node, from one adapter. */
export interface Stores {
  readonly kind: StoreKind;
  readonly catalog: CatalogPort;
  readonly submissions: SubmissionsPort;
  readonly records: RecordsPort;
  readonly audit: AuditPort;
  readonly peers: PeersPort;
  readonly peerSync: PeerSyncPort;
  readonly keys: KeysPort;
  readonly sessions: SessionsPort;
  readonly counters: CountersPort;
  readonly heartbeats: HeartbeatsPort;
  readonly changes: ChangeFeed;
  readonly leadership: LeadershipPort;
  /** Flushes pending writes and releases the database (SQLite: checkpoints the WAL). */
  close(): Promise<void>;
}

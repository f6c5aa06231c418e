import { backoffDelay } from "../util/backoff";
import { CircuitBreaker } from "../util/circuit-breaker";
import { MalformedResponseError, PeerClient, ResponseTooLargeError, isTimeout } from "./peer-client";
import type { PeerSnapshot } from "./peer-snapshot";
import { PeerEvents } from "./peer-events";
import type { FederationEventClaims } from "../trust/federation-events";
import { CATALOG_SIGNATURE_HEADER } from "../trust/signed-catalog";
import { CatalogTrustError, PeerCatalogTrust, type PeerTrust, type PeerTrustEvent } from "../trust/peer-trust";

export { CatalogTrustError, type PeerTrust } from "../trust/peer-trust";
import { digestMismatches, parseLenient, RemoteEntrySchema, RemoteRecordSchema, type RemoteEntry, type RemoteRecord } from "./remote-catalog";

export type PeerState = "pending" | "online" | "stale" | "offline";

export interface PeerOptions {
  url: string;
  token?: string;
  /** Used when there is no token: a short-lived node assertion for this peer. */
  assertion?: () => Promise<string>;
  /** Client certificate for this peer (PEM file paths). */
  tls?: { cert: string; key: string; ca?: string };
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  failureLimit: number;
  probeIntervalMs: number;
  maxBytes: number;
  maxEntries: number;
  breaker?: { failureThreshold?: number; openMs?: number };
  /** RFC 7638 thumbprint of the key that must sign this peer's catalog; learnt on first use when absent. */
  key?: string;
  /** Told when the peer's catalog signature is refused or its trusted key changes (for the audit trail). */
  onTrust?: (host: string, event: PeerTrustEvent) => void;
  /** Rejects catalog entries (name → reason) before they are kept; see FederatedEngineOptions. */
  screen?: (entries: readonly RemoteEntry[]) => ReadonlyMap<string, string> | Promise<ReadonlyMap<string, string>>;
}

export interface PeerStatus {
  url: string;
  host: string;
  state: PeerState;
  tools: number;
  lastSync: string | null;
  lastSuccess: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  circuit: string;
  droppedEntries: number;
  nextProbe: string | null;
  /** Entries the catalog screen rejected in the last catalog, and why (the first 20). */
  rejectedEntries: number;
  rejected: { name: string; reason: string }[];
  /** Whether the last catalog's signature verified, against which key, and why not. */
  trust: PeerTrust;
}

export interface PeerSyncResult {
  url: string;
  host: string;
  state: PeerState;
  entries: number;
  dropped: number;
  changed: boolean;
  /** Response bytes received in this sync (catalog and records). */
  bytes: number;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One partner node as the engine sees it: its last good catalog (kept when it fails, marked
 * stale), an ETag so an unchanged catalog costs a 304, incremental pulls of its performance
 * records, and a failure count that marks it offline until a later probe.
 */
export class Peer {
  readonly client: PeerClient;
  /** Guards forwarded calls: open after consecutive failures, 503 without calling. */
  readonly breaker: CircuitBreaker;
  entries: RemoteEntry[] = [];
  private stateValue: PeerState = "pending";
  /** Counts state changes; the engine adds these up into its peerStateRevision. */
  private stateChangeCount = 0;
  private etag: string | undefined;
  private lastSync: Date | null = null;
  private lastSuccess: Date | null = null;
  private lastError: string | null = null;
  private failures = 0;
  private dropped = 0;
  private rejected: { name: string; reason: string }[] = [];
  private rejectedCount = 0;
  private nextProbeAt = 0;
  /** Incremental record pulls: the newest minute seen and how many records of it were seen. */
  private recordsSince: number | undefined;
  private seenAtSince = 0;
  private metricsDenied = false;
  private bytesThisSync = 0;
  /** Bumped on each new catalog and each new batch of records (see PeerSnapshot). */
  private catalogVersion = 0;
  private recordsSeq = 0;
  private lastRecords: RemoteRecord[] = [];
  private readonly catalogTrust: PeerCatalogTrust;
  private events: PeerEvents | undefined;

  constructor(readonly options: PeerOptions) {
    this.client = new PeerClient({ url: options.url, token: options.token, assertion: options.assertion, tls: options.tls, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes });
    this.breaker = new CircuitBreaker(`peer ${this.client.host}`, options.breaker);
    this.catalogTrust = new PeerCatalogTrust(() => this.host, options.key, options.onTrust);
  }

  /** Trusts the key the last refused catalog was signed with (the admin's answer to a changed key). */
  acceptOfferedKey(): boolean {
    if (!this.catalogTrust.acceptOffered()) return false;
    this.etag = undefined;
    return true;
  }

  get url(): string {
    return this.client.url;
  }

  get host(): string {
    return this.client.host;
  }

  /** The key this peer's answers must be signed with: set once its catalog verified, else undefined. */
  get answerKey(): string | undefined {
    return this.catalogTrust.answerKey;
  }

  get currentState(): PeerState {
    return this.state;
  }

  get stateChanges(): number {
    return this.stateChangeCount;
  }

  private get state(): PeerState {
    return this.stateValue;
  }

  private set state(next: PeerState) {
    if (next === this.stateValue) return;
    this.stateValue = next;
    this.stateChangeCount++;
  }

  /** Seconds until the next probe of an offline peer (0 when not offline). */
  retryAfterSeconds(now = Date.now()): number {
    return this.state === "offline" ? Math.max(1, (this.nextProbeAt - now) / 1000) : 0;
  }

  status(): PeerStatus {
    return {
      url: this.url,
      host: this.host,
      state: this.state,
      tools: this.entries.length,
      lastSync: this.lastSync?.toISOString() ?? null,
      lastSuccess: this.lastSuccess?.toISOString() ?? null,
      lastError: this.lastError,
      consecutiveFailures: this.failures,
      circuit: this.breaker.state,
      droppedEntries: this.dropped,
      rejectedEntries: this.rejectedCount,
      rejected: this.rejected,
      nextProbe: this.state === "offline" ? new Date(this.nextProbeAt).toISOString() : null,
      trust: this.catalogTrust.status(),
    };
  }

  /**
   * Pulls the catalog (and, best effort, new records). Never throws. An offline peer is only
   * contacted once its probe is due, unless `force`.
   */
  async sync(onRecords: (records: RemoteRecord[]) => void, force = false): Promise<PeerSyncResult> {
    const now = Date.now();
    if (this.state === "offline" && now < this.nextProbeAt && !force) {
      return this.result(false, `offline; next probe at ${new Date(this.nextProbeAt).toISOString()}`);
    }
    this.lastSync = new Date(now);
    this.bytesThisSync = 0;
    try {
      const changed = await this.withRetries(() => this.pullCatalog());
      this.failures = 0;
      this.state = "online";
      this.lastSuccess = new Date();
      this.lastError = null;
      await this.pullRecords(onRecords).catch(() => undefined);
      return this.result(changed);
    } catch (err) {
      this.failures++;
      this.lastError = describe(err);
      if (this.failures >= this.options.failureLimit) {
        this.state = "offline";
        this.nextProbeAt = Date.now() + backoffDelay(this.failures - this.options.failureLimit, this.options.probeIntervalMs, this.options.probeIntervalMs * 8);
      } else {
        this.state = this.lastSuccess ? "stale" : "pending";
      }
      // a refused catalog cleared the entries: that is a change the engine must see
      return this.result(err instanceof CatalogTrustError, this.lastError);
    }
  }

  /** A forwarded call failed at the network level: counts like a failed sync. */
  noteFailure(err: unknown): void {
    this.failures++;
    this.lastError = describe(err);
    if (this.failures >= this.options.failureLimit && this.state !== "offline") {
      this.state = "offline";
      this.nextProbeAt = Date.now() + this.options.probeIntervalMs;
    }
  }

  noteSuccess(): void {
    if (this.state === "offline" || this.failures > 0) {
      this.failures = 0;
      if (this.state === "offline") this.state = this.lastSuccess ? "stale" : "pending";
    }
  }

  private result(changed: boolean, error?: string): PeerSyncResult {
    return {
      url: this.url,
      host: this.host,
      state: this.state,
      entries: this.entries.length,
      dropped: this.dropped,
      changed,
      bytes: this.bytesThisSync,
      ...(error ? { error } : {}),
    };
  }

  private async withRetries<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (attempt >= this.options.retries || !isRetryable(err)) throw err;
        await sleep(backoffDelay(attempt, this.options.retryBaseMs, this.options.retryBaseMs * 16));
      }
    }
  }

  /** GET /discover?scope=local: only the peer's own tools, so federation loops cannot form. */
  private async pullCatalog(): Promise<boolean> {
    const headers: Record<string, string> = {};
    if (this.etag) headers["if-none-match"] = this.etag;
    const res = await this.client.request("GET", "/discover?scope=local&limit=1000", { headers });
    this.bytesThisSync += res.bytes;
    if (res.status === 304) return false;
    if (res.status !== 200) throw new HttpStatusError(res.status, `catalog request answered ${res.status}`);
    if (!Array.isArray(res.body)) throw new MalformedResponseError("catalog is not a JSON array");
    await this.verifySignature(res.headers[CATALOG_SIGNATURE_HEADER], res.body);
    const { items, dropped } = parseLenient(RemoteEntrySchema, res.body, this.options.maxEntries);
    const verdicts = new Map([...digestMismatches(items), ...((await this.options.screen?.(items)) ?? [])]);
    this.entries = verdicts.size ? items.filter((e) => !verdicts.has(e.name)) : items;
    this.rejectedCount = verdicts.size;
    this.rejected = [...verdicts].slice(0, 20).map(([name, reason]) => ({ name, reason }));
    this.dropped = dropped;
    const etag = res.headers.etag;
    this.etag = typeof etag === "string" ? etag : undefined;
    this.catalogVersion++;
    return true;
  }

  /** A refused catalog drops the peer's tools at once (see PeerCatalogTrust). */
  private async verifySignature(header: string | string[] | undefined, body: unknown[]): Promise<void> {
    try {
      await this.catalogTrust.check(header, body);
    } catch (err) {
      this.entries = [];
      this.etag = undefined;
      throw err;
    }
  }

  /** GET /metadata?since=…: records of the peer's own executions, newest first, deduplicated. */
  private async pullRecords(onRecords: (records: RemoteRecord[]) => void): Promise<void> {
    if (this.metricsDenied) return;
    const since = this.recordsSince === undefined ? "" : `&since=${encodeURIComponent(new Date(this.recordsSince).toISOString())}`;
    const res = await this.client.request("GET", `/metadata?limit=5000${since}`);
    this.bytesThisSync += res.bytes;
    if (res.status === 401 || res.status === 403) {
      this.metricsDenied = true;
      return;
    }
    if (res.status !== 200) return;
    const { items } = parseLenient(RemoteRecordSchema, res.body, 5000);
    if (items.length === 0) return;
    const newest = Math.max(...items.map((r) => Date.parse(r.ts)));
    // Records come newest first and `since` is inclusive: at the minute we stopped at last
    // time, the oldest `seenAtSince` records are the ones already taken.
    const atOld = items.filter((r) => Date.parse(r.ts) === this.recordsSince);
    const fresh = items.filter((r) => Date.parse(r.ts) !== this.recordsSince);
    const freshAtOld = atOld.slice(0, Math.max(0, atOld.length - this.seenAtSince));
    const taken = [...fresh, ...freshAtOld];
    if (newest === this.recordsSince) this.seenAtSince = atOld.length;
    else {
      this.recordsSince = newest;
      this.seenAtSince = items.filter((r) => Date.parse(r.ts) === newest).length;
    }
    if (taken.length > 0) {
      this.recordsSeq++;
      this.lastRecords = taken;
      onRecords(taken);
    }
  }

  /** This peer's state after its last sync, for the other replicas (see PeerSnapshot). */
  snapshot(): PeerSnapshot {
    return {
      url: this.url,
      state: this.state,
      entries: this.entries,
      catalogVersion: this.catalogVersion,
      ...(this.etag ? { etag: this.etag } : {}),
      lastSync: this.lastSync?.toISOString() ?? null,
      lastSuccess: this.lastSuccess?.toISOString() ?? null,
      lastError: this.lastError,
      failures: this.failures,
      dropped: this.dropped,
      rejected: this.rejected,
      rejectedCount: this.rejectedCount,
      nextProbeAt: this.nextProbeAt,
      ...(this.recordsSince !== undefined ? { recordsSince: this.recordsSince } : {}),
      seenAtSince: this.seenAtSince,
      metricsDenied: this.metricsDenied,
      recordsSeq: this.recordsSeq,
      records: this.lastRecords,
      trust: this.catalogTrust.snapshot(),
    };
  }

  /**
   * Takes the leader's sync of this peer. Returns whether the catalog changed, and the records
   * batch when it is one this replica has not counted yet.
   */
  restore(s: PeerSnapshot): { catalogChanged: boolean; records: RemoteRecord[] } {
    const catalogChanged = s.catalogVersion !== this.catalogVersion;
    const records = s.recordsSeq !== this.recordsSeq ? s.records : [];
    this.entries = s.entries;
    this.catalogVersion = s.catalogVersion;
    this.etag = s.etag;
    this.state = s.state;
    this.lastSync = s.lastSync ? new Date(s.lastSync) : null;
    this.lastSuccess = s.lastSuccess ? new Date(s.lastSuccess) : null;
    this.lastError = s.lastError;
    this.failures = s.failures;
    this.dropped = s.dropped;
    this.rejected = s.rejected;
    this.rejectedCount = s.rejectedCount;
    this.nextProbeAt = s.nextProbeAt;
    this.recordsSince = s.recordsSince;
    this.seenAtSince = s.seenAtSince;
    this.metricsDenied = s.metricsDenied;
    this.recordsSeq = s.recordsSeq;
    this.lastRecords = s.records;
    if (s.trust) this.catalogTrust.restore(s.trust, this.options.key);
    return { catalogChanged, records };
  }

  /** The next catalog pull fetches the whole catalog (no If-None-Match). */
  forgetEtag(): void {
    this.etag = undefined;
  }

  /** Keeps the peer's event stream open, each event verified against the peer's trusted key. */
  listen(onEvent: (claims: FederationEventClaims) => void): void {
    this.events ??= new PeerEvents({ client: this.client, trustedKey: () => this.catalogTrust.answerKey, onEvent });
    this.events.start();
  }

  async close(): Promise<void> {
    await this.events?.close();
    await this.client.close();
  }
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function isRetryable(err: unknown): boolean {
  if (err instanceof HttpStatusError) return err.status >= 500 || err.status === 429;
  return !(err instanceof MalformedResponseError || err instanceof ResponseTooLargeError || err instanceof CatalogTrustError);
}

function describe(err: unknown): string {
  if (isTimeout(err)) return "timed out";
  const e = err as { code?: string; message?: string };
  return e.code ? `${e.code}: ${e.message ?? ""}`.trim() : (e.message ?? String(err));
}

import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";
import { NotFoundError } from "../errors";
import { backoffDelay } from "../util/backoff";
import { PeerProblemError } from "./engine-errors";
import type {
  FederatedEngineOptions,
  LocalTool,
  Observation,
  PeerConfig,
  RankedTool,
  RankOptions,
  RefreshResult,
  RegistryEntry,
} from "./engine-types";
import { computePriors, objectivesOf, toMinimisation, ToolStats } from "./objectives";
import { crowdingDistance, nonDominatedSort, topFronts } from "./pareto";
import { Peer, type PeerStatus } from "./peer";
import type { PeerSnapshot } from "./peer-snapshot";
import type { RemoteRecord } from "./remote-catalog";
import { executeOnPeer } from "./remote-execution";
import { verdictView } from "../trust/tool-digest";
import { rankHits } from "./retrieval/query-ranking";
import { SearchIndex } from "./search-index";

/** Trust of remote tools: partner catalogs pass the partner's governance, not ours. */
const REMOTE_TRUST = 0.8;
const STALE_FACTOR = 0.5;

/**
 * The federated engine: pulls partner catalogs and records, keeps one registry of local and
 * `name@host` tools, ranks them by Pareto dominance, and forwards calls to peers. Works as a
 * library with nothing else running; the node embeds it.
 */
export class FederatedEngine {
  private readonly peerMap = new Map<string, Peer>();
  private readonly stats = new Map<string, ToolStats>();
  private readonly opts: Required<Omit<FederatedEngineOptions, "peers" | "token" | "localTools" | "localRevision" | "onRecord" | "screenCatalog" | "onPeerTrust" | "nodeAssertion" | "onPeerEvent">>;
  private search: SearchState | undefined;
  private rev = 0;
  /** Changes when the set of remote entries does. */
  private membership = 0;
  private closed = false;
  private readonly pendingAdds = new Map<string, NodeJS.Timeout>();
  private readonly membershipListeners = new Set<() => void>();

  constructor(private readonly options: FederatedEngineOptions = {}) {
    this.opts = {
      timeoutMs: options.timeoutMs ?? 5000,
      retries: options.retries ?? 2,
      retryBaseMs: options.retryBaseMs ?? 100,
      failureLimit: options.failureLimit ?? 3,
      probeIntervalMs: options.probeIntervalMs ?? 30_000,
      maxBytes: options.maxBytes ?? 16 * 1024 * 1024,
      maxEntries: options.maxEntries ?? 5000,
      executeTimeoutMs: options.executeTimeoutMs ?? 30_000,
      breakerThreshold: options.breakerThreshold ?? 5,
      breakerOpenMs: options.breakerOpenMs ?? 10_000,
    };
    for (const p of options.peers ?? []) this.attach(p);
  }

  /** Changes whenever the registry or the observations do. */
  get revision(): number {
    return this.rev;
  }

  /** Changes whenever the set of remote entries does (not on observations). */
  get membershipRevision(): number {
    return this.membership;
  }

  /**
   * Changes whenever a peer's state does (online, stale, offline…), which moves its tools'
   * trust and ranking; together with membershipRevision it identifies the ranking's inputs
   * from peers without building their status.
   */
  get peerStateRevision(): number {
    let n = 0;
    for (const p of this.peerMap.values()) n += p.stateChanges;
    return n;
  }

  private attach(config: PeerConfig): Peer {
    const token = config.token ?? this.options.token;
    const sign = this.options.nodeAssertion;
    const peer = new Peer({
      url: config.url,
      token,
      // a peer without a static token is called with this node's signed assertion
      // (nor when it has a client certificate: a node admits a certificate only without a bearer token)
      assertion: token === undefined && !config.tls && sign ? () => sign(config.url) : undefined,
      tls: config.tls,
      timeoutMs: this.opts.timeoutMs,
      retries: this.opts.retries,
      retryBaseMs: this.opts.retryBaseMs,
      failureLimit: this.opts.failureLimit,
      probeIntervalMs: this.opts.probeIntervalMs,
      maxBytes: this.opts.maxBytes,
      maxEntries: this.opts.maxEntries,
      breaker: { failureThreshold: this.opts.breakerThreshold, openMs: this.opts.breakerOpenMs },
      screen: this.options.screenCatalog,
      key: config.key,
      onTrust: this.options.onPeerTrust,
    });
    const existing = this.peerMap.get(peer.host);
    if (existing) void existing.close();
    this.peerMap.set(peer.host, peer);
    const onEvent = this.options.onPeerEvent;
    if (onEvent && !this.closed) {
      peer.listen((claims) => {
        // a rotated key changes the catalog's signatures, not its body: fetch it whole again
        if (claims.type === "key") peer.forgetEtag();
        onEvent(peer.host, claims);
      });
    }
    this.touchMembership();
    return peer;
  }

  /** Pulls every peer in parallel. Never throws because a peer failed. */
  async refresh(): Promise<RefreshResult> {
    const results = await Promise.all([...this.peerMap.values()].map((p) => p.sync((records) => this.ingestRemote(p, records))));
    if (results.some((r) => r.changed)) this.touchMembership();
    else if (results.some((r) => r.error)) this.rev++;
    return {
      // counted, not built: building 500 peers' entries on every refresh cost seconds
      entries: this.entryCount(),
      errors: results.filter((r) => r.error).map((r) => ({ url: r.url, error: r.error! })),
      peers: results,
    };
  }

  /** Adds a peer and keeps trying to reach it with backoff until it answers once. */
  async addPeer(config: PeerConfig): Promise<PeerStatus> {
    const peer = this.attach(config);
    const result = await peer.sync((records) => this.ingestRemote(peer, records));
    if (result.error) this.retryUntilReachable(peer, 0);
    this.touchMembership();
    return peer.status();
  }

  private retryUntilReachable(peer: Peer, attempt: number): void {
    if (this.closed || this.peerMap.get(peer.host) !== peer) return;
    const timer = setTimeout(async () => {
      this.pendingAdds.delete(peer.host);
      const r = await peer.sync((records) => this.ingestRemote(peer, records), true);
      if (r.error) this.retryUntilReachable(peer, attempt + 1);
      else this.touchMembership();
    }, backoffDelay(attempt, 500, this.opts.probeIntervalMs));
    timer.unref();
    this.pendingAdds.set(peer.host, timer);
  }

  /** Attaches a peer without contacting it (a replica that takes the leader's syncs). */
  attachPeer(config: PeerConfig): PeerStatus {
    return this.attach(config).status();
  }

  /** Each peer's state after its last sync, for the other replicas. */
  peerSnapshots(): PeerSnapshot[] {
    return [...this.peerMap.values()].map((p) => p.snapshot());
  }

  /**
   * Takes the leader's syncs of the peers this engine has (others are ignored): catalogs, states
   * and the partner's new records, as if this engine had synced them itself.
   */
  restorePeers(snapshots: readonly PeerSnapshot[]): void {
    let membership = false;
    let states = false;
    for (const s of snapshots) {
      const host = safeHost(s.url);
      const peer = host ? this.peerMap.get(host) : undefined;
      if (!peer) continue;
      const before = peer.stateChanges;
      const { catalogChanged, records } = peer.restore(s);
      membership ||= catalogChanged;
      states ||= before !== peer.stateChanges;
      if (records.length) this.ingestRemote(peer, records);
    }
    if (membership) this.touchMembership();
    else if (states) this.rev++;
  }

  removePeer(url: string): boolean {
    const host = safeHost(url);
    const peer = host ? this.peerMap.get(host) : undefined;
    if (!peer || !host) return false;
    clearTimeout(this.pendingAdds.get(host));
    this.peerMap.delete(host);
    void peer.close();
    this.touchMembership();
    return true;
  }

  /**
   * Trusts the key a peer's refused catalog was signed with, then pulls its catalog again.
   * Undefined when there is no such peer; `accepted` false when it offered no key to accept.
   */
  async acceptPeerKey(host: string): Promise<{ accepted: boolean; status: PeerStatus } | undefined> {
    const peer = this.peerMap.get(host);
    if (!peer) return undefined;
    const accepted = peer.acceptOfferedKey();
    if (accepted) {
      const r = await peer.sync((records) => this.ingestRemote(peer, records), true);
      if (r.changed) this.touchMembership();
    }
    return { accepted, status: peer.status() };
  }

  peers(): PeerStatus[] {
    return [...this.peerMap.values()].map((p) => p.status());
  }

  /** Records a call made by this node (local, or proxied by someone else's engine). */
  observe(record: Observation): void {
    this.statsFor(record.mcp_name).add(record.success, record.latency_ms, record.cost);
    this.rev++;
  }

  private statsFor(id: string): ToolStats {
    let s = this.stats.get(id);
    if (!s) {
      s = new ToolStats();
      this.stats.set(id, s);
    }
    return s;
  }

  /** A peer's own executions count for its tools (`name` → `name@host`). */
  private ingestRemote(peer: Peer, records: RemoteRecord[]): void {
    for (const r of records) {
      if (r.source !== undefined && r.source !== "local") continue;
      const id = r.mcp_name.includes("@") ? r.mcp_name : `${r.mcp_name}@${peer.host}`;
      this.statsFor(id).add(r.success, r.latency_ms, r.cost ?? null);
    }
    if (records.length > 0) this.rev++;
  }

  private entryCount(): number {
    let n = this.options.localTools?.().length ?? 0;
    for (const peer of this.peerMap.values()) n += peer.entries.length;
    return n;
  }

  /** Every tool of the federation: local ones first, then each peer's as `name@host`. */
  entries(): RegistryEntry[] {
    return this.entriesWith(this.options.localTools?.() ?? []);
  }

  private entriesWith(localTools: readonly LocalTool[]): RegistryEntry[] {
    const out: RegistryEntry[] = [];
    for (const t of localTools) {
      out.push({ ...withoutLocalExtras(t), id: t.name, host: null, stale: false });
    }
    for (const peer of this.peerMap.values()) {
      const stale = peer.currentState !== "online";
      const signed = peer.answerKey !== undefined;
      for (const e of peer.entries) out.push({ ...e, id: `${e.name}@${peer.host}`, host: peer.host, stale, governance: verdictView(e.governance, signed) });
    }
    return out;
  }

  /**
   * Ranks the registry. Without a query: every tool (filtered by tag and capability) sorted
   * into Pareto fronts over its objectives, crowding distance within a front, ties by id; only
   * as many fronts as `limit` needs are computed. With a query: see rankQuery.
   */
  rank(options: RankOptions = {}): RankedTool[] {
    const limit = options.limit ?? 1000;
    if (options.query && options.query.trim()) return this.rankQuery(options.query, options, limit);
    const local = this.options.localTools?.() ?? [];
    const localExtras = new Map(local.map((t) => [t.name, t]));
    const candidates = this.entriesWith(local).filter(
      (e) =>
        (!options.localOnly || e.host === null) &&
        (options.tag === undefined || e.tags.includes(options.tag)) &&
        (options.capability === undefined || e.capabilities.includes(options.capability)),
    );
    if (candidates.length === 0) return [];

    const priors = computePriors(this.stats.values());
    const objectives = candidates.map((e) => {
      const local = e.host === null ? localExtras.get(e.id) : undefined;
      const baseTrust = e.host === null ? (local?.trust ?? 1) : REMOTE_TRUST;
      return objectivesOf(this.stats.get(e.id), priors, e.stale ? baseTrust * STALE_FACTOR : baseTrust, local?.cost);
    });
    const points = objectives.map(toMinimisation);
    const fronts = limit < candidates.length ? topFronts(points, limit) : nonDominatedSort(points);
    const ranked: RankedTool[] = [];
    fronts.forEach((front, k) => {
      const crowding = crowdingDistance(points, front);
      const order = front.map((idx, pos) => ({ idx, c: crowding[pos] }));
      order.sort((a, b) => b.c - a.c || (candidates[a.idx].id < candidates[b.idx].id ? -1 : 1));
      for (const { idx, c } of order) ranked.push({ ...candidates[idx], front: k, crowding: c, objectives: objectives[idx] });
    });
    return ranked.slice(0, limit);
  }

  /**
   * A query's candidates come from the search index (relevance first, quality fronts within
   * bands of similar relevance: src/engine/retrieval/relevance-order.ts). The index and an
   * id → entry map are cached per registry revision, so a query touches its hits only.
   */
  private rankQuery(query: string, options: RankOptions, limit: number): RankedTool[] {
    const { index, byId } = this.searchState();
    const hits = index.search(query, Math.max(200, limit * 4));
    const priors = computePriors(this.stats.values());
    return rankHits(hits, options, limit, {
      entry: (id) => {
        const cached = byId.get(id);
        if (!cached) return undefined;
        const peer = cached.entry.host === null ? undefined : this.peerMap.get(cached.entry.host);
        return { ...cached.entry, stale: peer !== undefined && peer.currentState !== "online" };
      },
      objectives: (e) => {
        const extras = byId.get(e.id);
        const baseTrust = e.host === null ? (extras?.trust ?? 1) : REMOTE_TRUST;
        return objectivesOf(this.stats.get(e.id), priors, e.stale ? baseTrust * STALE_FACTOR : baseTrust, extras?.cost);
      },
    });
  }

  private searchState(): SearchState {
    if (!this.search || this.search.revision !== this.registryRevision()) {
      const local = this.options.localTools?.() ?? [];
      const extras = new Map(local.map((t) => [t.name, t]));
      const entries = this.entriesWith(local);
      const byId = new Map(entries.map((e) => [e.id, { entry: e, trust: extras.get(e.id)?.trust, cost: extras.get(e.id)?.cost }]));
      const docs = entries.map((e) => ({ id: e.id, name: e.id, description: e.description, tags: e.tags, inputSchema: e.inputSchema, serverDescription: extras.get(e.id)?.serverDescription }));
      this.search = { revision: this.registryRevision(), index: new SearchIndex(docs), byId };
    }
    return this.search;
  }

  private touchMembership(): void {
    this.membership++;
    this.rev++;
    for (const l of this.membershipListeners) l();
  }

  /** Called whenever the set of remote entries changes (a sync that changed something, a peer added or removed). */
  onMembershipChange(listener: () => void): () => void {
    this.membershipListeners.add(listener);
    return () => this.membershipListeners.delete(listener);
  }

  /** Identifies the registry's membership, for the search index cache. */
  private registryRevision(): string {
    const local = this.options.localRevision?.() ?? this.options.localTools?.().length ?? 0;
    return `${this.membership}:${local}`;
  }

  /**
   * Calls `name@host` through that peer's /execute with the configured token. With
   * `fallback`, a peer failure (not a 4xx) tries the same tool on the next host in rank order.
   */
  async execute(
    id: string,
    kwargs: Record<string, unknown>,
    options: { fallback?: boolean; signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
  ): Promise<CallToolResult> {
    const at = id.lastIndexOf("@");
    if (at <= 0) throw new NotFoundError(`${id} is not a federated tool id (name@host)`);
    const name = id.slice(0, at);
    const hosts = [id.slice(at + 1)];
    if (options.fallback) {
      for (const r of this.rank({ limit: 100_000 })) {
        if (r.host && r.name === name && !hosts.includes(r.host)) hosts.push(r.host);
      }
    }
    let lastError: unknown;
    for (const host of hosts) {
      try {
        return await this.executeOn(host, name, kwargs, options);
      } catch (err) {
        lastError = err;
        if (err instanceof PeerProblemError || err instanceof NotFoundError || options.signal?.aborted) throw err;
      }
    }
    throw lastError;
  }

  private async executeOn(host: string, name: string, kwargs: Record<string, unknown>, call: { signal?: AbortSignal; onProgress?: (p: Progress) => void }): Promise<CallToolResult> {
    const peer = this.peerMap.get(host);
    if (!peer) throw new NotFoundError(`no peer ${host} in this federation`);
    return executeOnPeer(peer, name, kwargs, this.opts.executeTimeoutMs, (obs) => {
      this.observe(obs);
      this.options.onRecord?.(obs);
    }, { signal: call.signal, onProgress: call.onProgress });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.pendingAdds.values()) clearTimeout(t);
    await Promise.all([...this.peerMap.values()].map((p) => p.close()));
  }
}

interface SearchState {
  revision: string;
  index: SearchIndex;
  byId: Map<string, { entry: RegistryEntry; trust?: number; cost?: number | null }>;
}

function withoutLocalExtras(t: LocalTool): Omit<LocalTool, "cost" | "trust" | "serverDescription"> {
  const { cost: _cost, trust: _trust, serverDescription: _server, ...rest } = t;
  return rest;
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

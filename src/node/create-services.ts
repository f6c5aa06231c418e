import type { Logger } from "pino";
import { TokenVerifier } from "../auth/tokens";
import { SchemaValidators } from "../catalog/schema-validator";
import { ToolCatalog } from "../catalog/tool-catalog";
import type { NodeConfig } from "../config/config-schema";
import { FederatedEngine, type LocalTool, type PeerConfig } from "../engine";
import { ValidationError } from "../errors";
import { ExecuteService } from "../execution/execute-service";
import { createCatalogScreen } from "../governance/descriptions/catalog-screen";
import { RegistrationService } from "../governance/registration-service";
import { HostedServers } from "../hosting/hosted-servers";
import { FederationMcp } from "../mcp/federation-mcp";
import { PolicyTable } from "../policy/policy";
import { createFallback } from "../execution/fallback-wiring";
import { wireCallGate, type CallGateWiring } from "../cache/call-gate-wiring";
import { HostedContent } from "../mcp/hosted-content";
import { hostedDefinitionLookup } from "../mcp/hosted-definitions";
import { OutboundGuard } from "../net/outbound-guard";
import { NodeMetrics } from "../metrics/node-metrics";
import { PerformanceRecorder, readThroughRecorder } from "../metrics/performance-recorder";
import type { AuditEvent } from "../store/audit-store";
import type { Stores } from "../store/ports";
import { assertTokenPolicy, collectTokens } from "./node-tokens";
import { wireObservations } from "./observation-wiring";
import { redactErr, redactText } from "./redact";
import { followReplicaChanges } from "./replica-changes";
import { PeerSyncRounds } from "./peer-sync-rounds";
import { publishCatalogEvents } from "./catalog-events";
import { FederationEvents } from "../trust/federation-events";
import { createTrust, type Trust } from "../trust/trust-wiring";
import { AssertionCache } from "../trust/assertion-cache";
import type { NodeOptions } from "./node-options";
import { HeartbeatMonitor } from "../directory/heartbeat-monitor";
import { MemberDirectory } from "../directory/member-directory";

const NODE_VERSION = "0.1.0";
/** How many recent records seed the engine's statistics at start-up. */
const SEED_RECORDS = 50_000;
/** Rejected-authentication events written to the audit trail per minute, at most. */
const AUTH_AUDIT_PER_MINUTE = 60;

/** The stores the services use (sessions and leadership are the lifecycle's). */
export type ServiceStores = Pick<Stores, "catalog" | "submissions" | "records" | "audit" | "peers" | "peerSync" | "leadership" | "counters" | "changes" | "keys" | "heartbeats">;

/** Everything the HTTP edge and the node's lifecycle need, built over the store ports. */
export interface Services {
  logger: Logger;
  verifier: TokenVerifier;
  catalog: ToolCatalog;
  hosted: HostedServers;
  engine: FederatedEngine;
  metrics: NodeMetrics;
  registration: RegistrationService;
  execute: ExecuteService;
  recorder: PerformanceRecorder;
  mcp: FederationMcp;
  /** Node identity, JWT verification and the public well-known documents. */
  trust: Trust;
  records: ServiceStores["records"];
  audit: ServiceStores["audit"];
  peers: ServiceStores["peers"];
  /** Appends to the audit trail; a failed write is logged, never thrown at the caller. */
  writeAudit(event: AuditEvent): Promise<void>;
  onAuthReject(reason: string, path: string): void;
  /** Reloads tokens and mcpServers without dropping connections. */
  reload(actor: string): Promise<Record<string, unknown>>;
  /** One peer sync round: the leader syncs and stores, the other replicas take its syncs. */
  sync(): Promise<void>;
  /** This node's signed events for partners (`GET /federation/events`). */
  federationEvents: FederationEvents;
  /** Stops applying other replicas' changes (at shutdown). */
  stopFollowing(): void;
  /** Registered members' heartbeats (stale after three missed intervals). */
  heartbeats: HeartbeatMonitor;
  /** The member directory (`/directory`, the MCP directory resource). */
  directory: MemberDirectory;
  /** Call limits and the result cache (src/cache/call-gate-wiring.ts). */
  calls: CallGateWiring;
}

/**
 * Builds metrics → hosting → governance → engine → MCP over the given stores, reading what they
 * hold (catalog, run-time peers, recent records). No database handle reaches past the ports.
 */
export async function createServices(stores: ServiceStores, config: NodeConfig, options: NodeOptions & { logger: Logger }): Promise<Services> {
  const { logger } = options;
  const verifier = new TokenVerifier(collectTokens(config));
  const validators = new SchemaValidators();
  const catalog = new ToolCatalog(stores.catalog, validators, await stores.catalog.all(), (err) =>
    logger.error({ err }, "catalog change not persisted"),
  );
  const recorder = new PerformanceRecorder(stores.records, {
    onWriteError: (err, attempt, size) => logger.error({ err, attempt, size }, attempt === 1 ? "performance records not stored; retrying once" : "performance records dropped"),
  });
  const outbound = new OutboundGuard({ allowPrivate: config.governance.allowPrivateRemotes, resolve: options.resolveHost });
  const hosted = new HostedServers({
    servers: config.mcpServers,
    catalog,
    logger: logger.child({ module: "hosting" }, { serializers: { err: redactErr } }),
    callTimeoutMs: config.node.callTimeout,
    restartBaseMs: options.restartBaseMs,
    breaker: options.breaker,
    pingIntervalMs: options.pingIntervalMs,
    remoteGuard: outbound,
    maxResponseBytes: config.governance.maxResponseBytes,
    // the replica that re-checks published remotes is the one that writes their listings
    listsRegistered: () => stores.leadership.tryLead("governance-recheck"),
  });
  let tokenEntries = collectTokens(config);
  // an identity provider's subject may not take a static token's id
  const trust = createTrust(config, stores.keys, () => tokenEntries.map((t) => t.id));
  let peerEvent: () => void = () => undefined;
  const engine = new FederatedEngine({
    peers: mergePeers(config.peers, await stores.peers.all()),
    token: config.sharedToken,
    ...options.engine,
    localTools: () => localTools(catalog, hosted),
    localRevision: () => catalog.revision,
    screenCatalog: createCatalogScreen({ failOn: config.governance.failOn }),
    nodeAssertion: (() => {
      const assertions = new AssertionCache(trust.signNodeAssertion);
      return (audience: string) => assertions.get(audience);
    })(),
    // a partner's signed event (catalog changed, tool revoked) starts a sync round at once
    onPeerEvent: () => void peerEvent(),
    onPeerTrust: (host, e) => void writeAudit({ actor: "node", action: "peer-trust", target: host, outcome: e.outcome, detail: e.detail }),
    // calls the engine forwards are stored as this node's own records, named name@host
    onRecord: (obs) =>
      recorder.store({ mcpName: obs.mcp_name, success: obs.success, latencyMs: obs.latency_ms, cost: obs.cost, errorClass: obs.error_class ?? null }),
  });
  const metrics = new NodeMetrics({ servers: () => hosted.status(), peers: () => engine.peers(), recordsDropped: () => recorder.dropped });
  const writeAudit = async (event: AuditEvent) => {
    if (event.action === "register") metrics.governanceDecision(event.outcome);
    // targets and details may quote URLs (a remote, a peer, a config error): never their credentials
    const redacted = { ...event, target: redactText(event.target), ...(event.detail === undefined ? {} : { detail: redactText(event.detail) }) };
    await stores.audit.add(redacted).catch((err: unknown) => logger.error({ err, action: event.action }, "audit event not stored"));
  };
  const heartbeats: HeartbeatMonitor = new HeartbeatMonitor({
    store: stores.heartbeats,
    intervalMs: config.governance.heartbeatInterval,
    withdraw: (name): Promise<void> => registration.withdraw(name),
    restore: (name): Promise<void> => registration.reinstate(name),
    logger: logger.child({ module: "directory" }),
    audit: (event) => void writeAudit(event),
  });
  const registration = new RegistrationService({
    config,
    store: stores.submissions,
    catalog,
    hosted,
    logger: logger.child({ module: "governance" }, { serializers: { err: redactErr } }),
    audit: (event) => void writeAudit(event),
    federationToolNames: () => engine.entries().flatMap((e) => (e.host ? [e.name.slice(e.name.indexOf(".") + 1)] : [])),
    ...options.governance,
    guard: outbound,
    withheld: (name): boolean => heartbeats.isStale(name),
    onUnpublish: (name) => heartbeats.forget(name),
  });
  // the wiring reads its seed synchronously: hand it the records already read from the store
  const seed = await stores.records.list({ limit: SEED_RECORDS });
  wireObservations({ records: { list: () => seed }, recorder, engine, metrics, catalog, tokens: () => tokenEntries, seedRecords: SEED_RECORDS });
  const policy = new PolicyTable(config.policies, { audit: (event) => void writeAudit(event) });
  const fallback = createFallback(config, engine);
  const directory = new MemberDirectory({ catalog, hosted, registration, heartbeats, engine, visible: (id, who) => policy.allows(id, who), publicUrl: () => trust.publicUrl() });
  const calls = wireCallGate({ config, stores, changes: stores.changes, catalog, hosted, engine, metrics, logger: logger.child({ module: "limits" }) });
  const execute = new ExecuteService({ catalog, hosted, recorder, remote: (name, kwargs, opts) => engine.execute(name, kwargs, opts), policy, fallback: fallback.deps, gate: calls.gate });

  let authAudits = { minute: 0, count: 0 };
  const onAuthReject = (reason: string, path: string) => {
    metrics.authFailure(reason);
    const minute = Math.floor(Date.now() / 60_000);
    if (authAudits.minute !== minute) authAudits = { minute, count: 0 };
    if (++authAudits.count <= AUTH_AUDIT_PER_MINUTE) void writeAudit({ actor: "anonymous", action: "auth-rejected", target: path, outcome: reason });
  };

  const reload = async (actor: string) => {
    let next: NodeConfig;
    try {
      next = options.reloadConfig ? options.reloadConfig() : config;
      const tokens = collectTokens(next);
      assertTokenPolicy(next, tokens);
      verifier.replace(tokens);
      tokenEntries = tokens;
    } catch (err) {
      await writeAudit({ actor, action: "config-reload", target: "tokens,mcpServers", outcome: "failed", detail: (err as Error).message });
      throw new ValidationError(`the configuration was not reloaded: ${(err as Error).message}`);
    }
    policy.replace(next.policies);
    fallback.reload(next);
    calls.reload(next);
    heartbeats.setIntervalMs(next.governance.heartbeatInterval);
    mcp.registryChanged(); // sessions re-list: what each token sees may have changed
    const servers = await hosted.reconcile(next.mcpServers);
    await writeAudit({ actor, action: "config-reload", target: "tokens,mcpServers", outcome: "reloaded", detail: JSON.stringify(servers) });
    logger.info({ tokens: verifier.size, ...servers }, "configuration reloaded");
    return { tokens: verifier.size, servers };
  };

  const mcp = new FederationMcp({
    nodeName: config.node.name,
    version: NODE_VERSION,
    engine,
    execute,
    servers: () => hosted.status(),
    localRevision: () => catalog.revision,
    definitionOf: hostedDefinitionLookup(hosted),
    content: new HostedContent({ names: () => Object.keys(hosted.status()).filter((n) => hosted.isConfigured(n)), client: (n) => hosted.get(n)?.mcpClient }),
    logger: logger.child({ module: "mcp" }),
    members: (principalId) => directory.list(principalId),
  });
  catalog.onChange(() => mcp.registryChanged());
  engine.onMembershipChange(() => mcp.registryChanged());

  const rounds = new PeerSyncRounds({ engine, store: stores.peerSync, lead: () => stores.leadership.tryLead("peer-sync"), metrics, logger: logger.child({ module: "federation" }) });
  const sync = () => rounds.round();
  peerEvent = () => void sync();
  const federationEvents = new FederationEvents(config.node.name, () => trust.identity.liveSigningKeys());
  federationEvents.watchKeys();
  publishCatalogEvents(catalog, federationEvents);
  const stopFollowing = followReplicaChanges({ stores, catalog, engine, registration, config, rounds, logger: logger.child({ module: "replicas" }) });

  return {
    logger,
    verifier,
    catalog,
    hosted,
    engine,
    metrics,
    registration,
    execute,
    recorder,
    mcp,
    trust,
    records: readThroughRecorder(stores.records, recorder),
    audit: stores.audit,
    peers: stores.peers,
    writeAudit,
    onAuthReject,
    reload,
    sync,
    federationEvents,
    stopFollowing,
    heartbeats,
    directory,
    calls,
  };
}

/** Config peers, then peers added at run time (the stored entry wins for the same URL). */
function mergePeers(configured: readonly PeerConfig[], stored: readonly PeerConfig[]): PeerConfig[] {
  const byUrl = new Map<string, PeerConfig>();
  for (const p of [...configured, ...stored]) byUrl.set(p.url.replace(/\/+$/, ""), p);
  return [...byUrl.values()];
}

function localTools(catalog: ToolCatalog, hosted: HostedServers): LocalTool[] {
  return catalog.all().map(({ origin, server, definitionSha256: _sha, updatedAt: _at, definition: _def, ...tool }) => ({
    ...tool,
    cost: origin === "hosted" ? hosted.costOf(server) : null,
    trust: origin === "hosted" ? 1 : 0.9,
  }));
}

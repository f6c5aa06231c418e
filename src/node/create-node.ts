import type { RequestListener } from "node:http";
import pino, { type Logger } from "pino";
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
import { OutboundGuard, type ResolveHost } from "../net/outbound-guard";
import { NodeMetrics } from "../metrics/node-metrics";
import { PerformanceRecorder } from "../metrics/performance-recorder";
import { AuditStore, type AuditEvent } from "../store/audit-store";
import { CatalogStore } from "../store/catalog-store";
import { closeDatabase, openDatabase, type Db } from "../store/database";
import { PeersStore } from "../store/peers-store";
import { RecordsStore } from "../store/records-store";
import { SubmissionsStore } from "../store/submissions-store";
import { FederationMcp } from "../mcp/federation-mcp";
import { HostedContent } from "../mcp/hosted-content";
import { hostedDefinitionLookup } from "../mcp/hosted-definitions";
import { assertEndpointNames } from "../mcp/tool-sets";
import { createApp } from "./app";
import { assertTokenPolicy, collectTokens } from "./node-tokens";
import { listen, type ListeningServer } from "./server";
import { redactErr, redactText, redactUrl } from "./redact";
import { wireObservations } from "./observation-wiring";
import { createTrust, type Trust } from "../trust/trust-wiring";

export { collectTokens, isLoopbackHost } from "./node-tokens";

export interface NodeOptions {
  logger?: Logger;
  /** Base delay of hosted-server restarts (tests shorten it). */
  restartBaseMs?: number;
  /** Circuit breaker of hosted servers (defaults: 5 consecutive failures, 10 s open). */
  breaker?: { failureThreshold?: number; openMs?: number };
  /** How often idle HTTP hosted servers are pinged so that /healthz tells the truth (default 30 s). */
  pingIntervalMs?: number;
  /** Governance time limits (tests shorten them). */
  governance?: { cloneTimeoutMs?: number; remoteTimeoutMs?: number };
  /** Engine settings that are not in the config file (tests shorten timeouts). */
  engine?: {
    timeoutMs?: number;
    retries?: number;
    retryBaseMs?: number;
    failureLimit?: number;
    probeIntervalMs?: number;
    executeTimeoutMs?: number;
    breakerThreshold?: number;
    breakerOpenMs?: number;
    /** Largest response body read from a peer (default 16 MiB). */
    maxBytes?: number;
  };
  /** DNS for partners' repositories and remotes (tests simulate answers; default: the system's). */
  resolveHost?: ResolveHost;
  /** Re-reads the configuration on reload (the CLI re-runs its loader); default: the same config. */
  reloadConfig?: () => NodeConfig;
}

const NODE_VERSION = "0.1.0";

/** How many recent records seed the engine's statistics at start-up. */
const SEED_RECORDS = 50_000;
/** Rejected-authentication events written to the audit trail per minute, at most. */
const AUTH_AUDIT_PER_MINUTE = 60;

export interface McpfedNode {
  readonly config: NodeConfig;
  /** The node's HTTP request listener (Express plus the hot routes). */
  readonly app: RequestListener;
  readonly logger: Logger;
  readonly db: Db;
  readonly catalog: ToolCatalog;
  readonly hosted: HostedServers;
  readonly records: RecordsStore;
  readonly engine: FederatedEngine;
  readonly registration: RegistrationService;
  readonly metrics: NodeMetrics;
  readonly audit: AuditStore;
  readonly mcp: FederationMcp;
  /** Node identity, JWT verification, node assertions (src/trust). */
  readonly trust: Trust;
  /** Connects the hosted servers (each connects or fails once; failures retry in the background). */
  start(): Promise<void>;
  /** start() and bind to the configured host and port. */
  listen(): Promise<ListeningServer>;
  /** Reloads tokens and mcpServers without dropping connections. */
  reload(actor: string): Promise<Record<string, unknown>>;
  /** Graceful stop: HTTP, hosted servers, then the database (checkpointed). */
  stop(): Promise<void>;
}

/**
 * The composition root: builds store → metrics → hosting → governance → engine → app from one
 * validated configuration. The CLI and the tests both start nodes through here.
 */
export function createNode(config: NodeConfig, options: NodeOptions = {}): McpfedNode {
  const logger = options.logger ?? pino({ level: config.node.logLevel, base: { node: config.node.name } });
  const initialTokens = collectTokens(config);
  assertTokenPolicy(config, initialTokens);
  assertEndpointNames(config.mcp.toolSets, config.mcpServers);
  const verifier = new TokenVerifier(initialTokens);

  const db = openDatabase(config.node.db);
  const records = new RecordsStore(db);
  const audit = new AuditStore(db);
  const validators = new SchemaValidators();
  const catalog = new ToolCatalog(new CatalogStore(db), validators);
  const recorder = new PerformanceRecorder(records);
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
  });
  // an identity provider's subject may not take a static token's id (tokenEntries is set below)
  const trust = createTrust(config, db, () => tokenEntries.map((t) => t.id));
  const peersStore = new PeersStore(db);
  const engine = new FederatedEngine({
    peers: mergePeers(config.peers, peersStore.all()),
    token: config.sharedToken,
    ...options.engine,
    localTools: () => localTools(catalog, hosted),
    localRevision: () => catalog.revision,
    screenCatalog: createCatalogScreen({ failOn: config.governance.failOn }),
    // calls the engine forwards are stored as this node's own records, named name@host
    onRecord: (obs) =>
      recorder.store({ mcpName: obs.mcp_name, success: obs.success, latencyMs: obs.latency_ms, cost: obs.cost, errorClass: obs.error_class ?? null }),
  });
  const metrics = new NodeMetrics({ servers: () => hosted.status(), peers: () => engine.peers() });
  const writeAudit = (event: AuditEvent) => {
    // targets and details may quote URLs (a remote, a peer, a config error): never their credentials
    audit.add({ ...event, target: redactText(event.target), ...(event.detail === undefined ? {} : { detail: redactText(event.detail) }) });
    if (event.action === "register") metrics.governanceDecision(event.outcome);
  };
  const registration = new RegistrationService({
    config,
    store: new SubmissionsStore(db),
    catalog,
    hosted,
    validators,
    logger: logger.child({ module: "governance" }, { serializers: { err: redactErr } }),
    audit: writeAudit,
    federationToolNames: () => engine.entries().flatMap((e) => (e.host ? [e.name.slice(e.name.indexOf(".") + 1)] : [])),
    ...options.governance,
    guard: outbound,
  });
  let tokenEntries = initialTokens;
  wireObservations({ records, recorder, engine, metrics, catalog, tokens: () => tokenEntries, seedRecords: SEED_RECORDS });
  const execute = new ExecuteService({ catalog, hosted, recorder, remote: (name, kwargs, opts) => engine.execute(name, kwargs, opts) });

  let authAudits = { minute: 0, count: 0 };
  const onAuthReject = (reason: string, path: string) => {
    metrics.authFailure(reason);
    const minute = Math.floor(Date.now() / 60_000);
    if (authAudits.minute !== minute) authAudits = { minute, count: 0 };
    if (++authAudits.count > AUTH_AUDIT_PER_MINUTE) return;
    try {
      writeAudit({ actor: "anonymous", action: "auth-rejected", target: path, outcome: reason });
    } catch (err) {
      // a full disk must not turn a 401 into an error: the rejection is still counted above
      logger.error({ err: (err as Error).message }, "audit write failed");
    }
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
      writeAudit({ actor, action: "config-reload", target: "tokens,mcpServers", outcome: "failed", detail: (err as Error).message });
      throw new ValidationError(`the configuration was not reloaded: ${(err as Error).message}`);
    }
    const servers = await hosted.reconcile(next.mcpServers);
    writeAudit({ actor, action: "config-reload", target: "tokens,mcpServers", outcome: "reloaded", detail: JSON.stringify(servers) });
    logger.info({ tokens: verifier.size, ...servers }, "configuration reloaded");
    return { tokens: verifier.size, servers };
  };

  const federationMcp = new FederationMcp({
    nodeName: config.node.name,
    version: NODE_VERSION,
    engine,
    execute,
    servers: () => hosted.status(),
    localRevision: () => catalog.revision,
    definitionOf: hostedDefinitionLookup(hosted),
    content: new HostedContent({ names: () => Object.keys(hosted.status()).filter((n) => hosted.isConfigured(n)), client: (n) => hosted.get(n)?.mcpClient }),
    logger: logger.child({ module: "mcp" }),
  });
  catalog.onChange(() => federationMcp.registryChanged());
  engine.onMembershipChange(() => federationMcp.registryChanged());

  const { handler: app, close: closeApp } = createApp({
    logger: logger.child({ module: "http" }, { serializers: { err: redactErr } }),
    verifier,
    openAccess: () => verifier.size === 0 && !trust.jwt.enabled,
    bodyLimit: config.node.bodyLimit,
    limits: config.limits,
    metricsAuth: config.node.metricsAuth,
    catalog,
    execute,
    recorder,
    records,
    serverStatus: () => hosted.status(),
    engine,
    peersStore,
    registration,
    metrics,
    audit,
    reload,
    onAuthReject,
    mcp: {
      mcp: federationMcp,
      allowedOrigins: config.mcp.allowedOrigins,
      sessions: config.mcp.sessions,
      maxSessions: config.mcp.maxSessions,
      sessionIdleTimeoutMs: config.mcp.sessionIdleTimeout,
      maxSessionsPerToken: config.mcp.maxSessionsPerToken,
      toolSets: config.mcp.toolSets,
      serverConfig: (name) => hosted.configOf(name),
      callTimeoutMs: config.node.callTimeout,
      logger: logger.child({ module: "mcp" }),
    },
    trust,
  });

  let syncTimer: NodeJS.Timeout | undefined;
  let recheckTimer: NodeJS.Timeout | undefined;
  let http: ListeningServer | undefined;
  let stopping: Promise<void> | undefined;
  const sync = async () => {
    const result = await engine.refresh();
    for (const p of result.peers) metrics.peerSync(p.host, p.error ? "error" : p.changed ? "changed" : "unchanged");
    for (const e of result.errors) logger.warn({ peer: redactUrl(e.url), err: redactText(e.error) }, "peer sync failed");
  };
  const node: McpfedNode = {
    config,
    app,
    logger,
    db,
    catalog,
    hosted,
    records,
    engine,
    registration,
    metrics,
    audit,
    mcp: federationMcp,
    trust,
    reload,
    async start() {
      if (verifier.size === 0) logger.warn("no token configured: the node accepts unauthenticated requests on loopback only");
      await Promise.all([hosted.start(), registration.restore(), trust.identity.signingKey()]);
      recheckTimer = setInterval(() => void registration.recheck(), config.governance.recheckInterval);
      recheckTimer.unref();
      await sync();
      syncTimer = setInterval(() => void sync(), config.federation.syncInterval);
      syncTimer.unref();
    },
    async listen() {
      await node.start();
      http = await listen(app, config.node.host, config.node.port, trust.tlsOptions());
      trust.setListeningUrl(http.url);
      logger.info({ url: http.url }, `listening on ${http.url}`);
      return http;
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(syncTimer);
        clearInterval(recheckTimer);
        await closeApp();
        await http?.close(config.node.shutdownGrace);
        await Promise.all([hosted.stop(), engine.close()]);
        records.flush();
        closeDatabase(db);
      })();
      return stopping;
    },
  };
  return node;
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

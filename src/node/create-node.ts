import { registrySources } from "../registry/registry-sources";
import { UpstreamSync } from "../registry/upstream-sync";
import type { RequestListener } from "node:http";
import pino, { type Logger } from "pino";
import type { ToolCatalog } from "../catalog/tool-catalog";
import type { NodeConfig } from "../config/config-schema";
import type { FederatedEngine } from "../engine";
import type { RegistrationService } from "../governance/registration-service";
import type { HostedServers } from "../hosting/hosted-servers";
import type { FederationMcp } from "../mcp/federation-mcp";
import type { NodeMetrics } from "../metrics/node-metrics";
import { createStores, redactDatabaseUrl } from "../store/create-stores";
import type { AuditPort, RecordsPort, Stores } from "../store/ports";
import { createApp } from "./app";
import { CountersRateLimitStore } from "./counters-rate-limit-store";
import { createServices, type Services } from "./create-services";
import { SharedMcpSessions } from "./shared-mcp-sessions";
import type { NodeOptions } from "./node-options";
import { assertEndpointNames } from "../mcp/tool-sets";
import { assertTokenPolicy, collectTokens } from "./node-tokens";
import { listen, type ListeningServer } from "./server";
import { redactErr } from "./redact";
import type { Trust } from "../trust/trust-wiring";

export { collectTokens, isLoopbackHost } from "./node-tokens";
export type { NodeOptions } from "./node-options";

export interface McpfedNode {
  readonly config: NodeConfig;
  /** The node's HTTP request listener (Express plus the hot routes). */
  readonly app: RequestListener;
  readonly logger: Logger;
  /** The stores behind the node (ports only: no database handle). */
  readonly stores: Stores;
  readonly catalog: ToolCatalog;
  readonly hosted: HostedServers;
  /** Reads commit the queued execution records first, so they see every answered call. */
  readonly records: RecordsPort;
  readonly engine: FederatedEngine;
  readonly registration: RegistrationService;
  readonly metrics: NodeMetrics;
  readonly audit: AuditPort;
  readonly mcp: FederationMcp;
  /** Node identity, JWT verification, node assertions (src/trust). */
  readonly trust: Trust;
  /** Connects the hosted servers (each connects or fails once; failures retry in the background). */
  start(): Promise<void>;
  /** start() and bind to the configured host and port. */
  listen(): Promise<ListeningServer>;
  /** Reloads tokens and mcpServers without dropping connections. */
  reload(actor: string): Promise<Record<string, unknown>>;
  /** Graceful stop: HTTP, hosted servers, then the stores (records flushed, SQLite checkpointed). */
  stop(): Promise<void>;
}

/**
 * The composition root: `createStores(config) → createServices(stores, config) → createApp(services)`,
 * then the node's lifecycle. The CLI and the tests both start nodes through here.
 */
export async function createNode(config: NodeConfig, options: NodeOptions = {}): Promise<McpfedNode> {
  const logger = options.logger ?? pino({ level: config.node.logLevel, base: { node: config.node.name } });
  // refuse an unsafe token set before touching any database
  assertTokenPolicy(config, collectTokens(config));
  assertEndpointNames(config.mcp.toolSets, config.mcpServers);
  const ownStores = options.stores === undefined;
  const stores =
    options.stores ??
    (await createStores(config.node.db, { onError: (err) => logger.error({ err: err.message, db: redactDatabaseUrl(config.node.db) }, "database connection error") }));
  let services: Services;
  try {
    services = await createServices(stores, config, { ...options, logger });
  } catch (err) {
    if (ownStores) await stores.close();
    throw err;
  }
  const { handler: app, close: closeApp } = createApp({
    logger: logger.child({ module: "http" }, { serializers: { err: redactErr } }),
    verifier: services.verifier,
    openAccess: () => services.verifier.size === 0 && !services.trust.jwt.enabled,
    bodyLimit: config.node.bodyLimit,
    limits: { ...config.limits, ipPerMinute: () => services.calls.ipPerMinute() },
    metricsAuth: config.node.metricsAuth,
    catalog: services.catalog,
    execute: services.execute,
    recorder: services.recorder,
    records: services.records,
    serverStatus: () => services.hosted.status(),
    engine: services.engine,
    peersStore: services.peers,
    peersChanged: () => void services.sync().catch(() => undefined),
    federationEvents: services.federationEvents,
    registry: {
      public: config.registry.public,
      sources: registrySources({
        nodeName: config.node.name,
        namespace: config.registry.namespace,
        publicUrl: () => services.trust.publicUrl(),
        submissions: stores.submissions,
        hosted: services.hosted,
        engine: services.engine,
        signsReports: true,
      }),
    },
    registration: services.registration,
    metrics: services.metrics,
    audit: services.audit,
    reload: services.reload,
    onAuthReject: services.onAuthReject,
    mcp: {
      mcp: services.mcp,
      allowedOrigins: config.mcp.allowedOrigins,
      sessions: config.mcp.sessions,
      maxSessions: config.mcp.maxSessions,
      sessionIdleTimeoutMs: config.mcp.sessionIdleTimeout,
      maxSessionsPerToken: config.mcp.maxSessionsPerToken,
      toolSets: config.mcp.toolSets,
      serverConfig: (name) => services.hosted.configOf(name),
      callTimeoutMs: config.node.callTimeout,
      logger: logger.child({ module: "mcp" }),
      // replicas on one database know each other's sessions
      shared: stores.kind === "postgres" ? new SharedMcpSessions(stores.sessions, config.mcp.sessionIdleTimeout, logger.child({ module: "mcp" })) : undefined,
      changes: stores.changes,
    },
    // one process per SQLite file: its in-memory counters are exact and cost no I/O
    limitStore: stores.kind === "postgres" ? (name) => new CountersRateLimitStore(stores.counters, name) : undefined,
    cache: { invalidate: (tags) => services.calls.invalidateTags(tags), audit: (event) => void services.writeAudit(event) },
    trust: services.trust,
    directory: { directory: services.directory, monitor: services.heartbeats, submissions: stores.submissions },
  });
  const upstreams = new UpstreamSync({
    upstreams: config.registry.upstreams,
    registration: services.registration,
    lead: () => stores.leadership.tryLead("registry-import"),
    logger: logger.child({ module: "registry" }),
    audit: (event) => void services.writeAudit(event),
  });
  return nodeLifecycle({ config, logger, stores, ownStores, services, app, closeApp, upstreams });
}

interface LifecycleParts {
  config: NodeConfig;
  logger: Logger;
  stores: Stores;
  ownStores: boolean;
  services: Services;
  app: RequestListener;
  closeApp: () => Promise<void>;
  upstreams: UpstreamSync;
}

function nodeLifecycle({ config, logger, stores, ownStores, services, app, closeApp, upstreams }: LifecycleParts): McpfedNode {
  const { verifier, hosted, registration, engine, catalog } = services;
  let syncTimer: NodeJS.Timeout | undefined;
  let recheckTimer: NodeJS.Timeout | undefined;
  let http: ListeningServer | undefined;
  let stopping: Promise<void> | undefined;
  const node: McpfedNode = {
    config,
    app,
    logger,
    stores,
    catalog,
    hosted,
    records: services.records,
    engine,
    registration,
    metrics: services.metrics,
    audit: stores.audit,
    mcp: services.mcp,
    trust: services.trust,
    reload: services.reload,
    async start() {
      if (verifier.size === 0) logger.warn("no token configured: the node accepts unauthenticated requests on loopback only");
      await services.heartbeats.start(); // first: a member already stale is not published at restore
      await Promise.all([hosted.start(), registration.restore(), services.trust.identity.signingKey()]);
      // replicas on one database: only the leader re-checks published remotes; its catalog
      // changes (quarantines, drops) reach the others through the change feed
      const recheck = async () => {
        if (await stores.leadership.tryLead("governance-recheck")) await registration.recheck();
      };
      recheckTimer = setInterval(() => void recheck().catch((err: unknown) => logger.error({ err }, "governance recheck failed")), config.governance.recheckInterval);
      recheckTimer.unref();
      await services.sync();
      syncTimer = setInterval(() => void services.sync(), config.federation.syncInterval);
      syncTimer.unref();
      upstreams.start();
    },
    async listen() {
      await node.start();
      http = await listen(app, config.node.host, config.node.port, services.trust.tlsOptions());
      services.trust.setListeningUrl(http.url);
      logger.info({ url: http.url }, `listening on ${http.url}`);
      return http;
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(syncTimer);
        clearInterval(recheckTimer);
        services.heartbeats.stop();
        upstreams.stop();
        services.federationEvents.close();
        services.stopFollowing();
        await closeApp();
        await http?.close(config.node.shutdownGrace);
        await Promise.all([hosted.stop(), engine.close()]);
        await catalog.persisted();
        await services.recorder.close();
        await stores.records.flush();
        if (ownStores) await stores.close();
      })();
      return stopping;
    },
  };
  return node;
}

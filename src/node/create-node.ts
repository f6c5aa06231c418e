import type { Express } from "express";
import pino, { type Logger } from "pino";
import { readTokensFile } from "../auth/tokens-file";
import { ALL_SCOPES, TokenVerifier, sha256Hex } from "../auth/tokens";
import { SchemaValidators } from "../catalog/schema-validator";
import { ToolCatalog } from "../catalog/tool-catalog";
import type { NodeConfig, TokenEntry } from "../config/config-schema";
import { FederatedEngine, type LocalTool, type PeerConfig } from "../engine";
import { ExecuteService } from "../execution/execute-service";
import { RegistrationService } from "../governance/registration-service";
import { SubmissionsStore } from "../store/submissions-store";
import { HostedServers } from "../hosting/hosted-servers";
import { PerformanceRecorder } from "../metrics/performance-recorder";
import { CatalogStore } from "../store/catalog-store";
import { closeDatabase, openDatabase, type Db } from "../store/database";
import { PeersStore } from "../store/peers-store";
import { RecordsStore } from "../store/records-store";
import { createApp } from "./app";
import { listen, type ListeningServer } from "./server";

export interface NodeOptions {
  logger?: Logger;
  /** Base delay of hosted-server restarts (tests shorten it). */
  restartBaseMs?: number;
  /** Engine settings that are not in the config file (tests shorten timeouts). */
  /** Governance time limits (tests shorten them). */
  governance?: { cloneTimeoutMs?: number; remoteTimeoutMs?: number };
  engine?: { timeoutMs?: number; retries?: number; retryBaseMs?: number; failureLimit?: number; probeIntervalMs?: number; executeTimeoutMs?: number };
}

/** How many recent records seed the engine's statistics at start-up. */
const SEED_RECORDS = 50_000;

export interface McpfedNode {
  readonly config: NodeConfig;
  readonly app: Express;
  readonly logger: Logger;
  readonly db: Db;
  readonly catalog: ToolCatalog;
  readonly hosted: HostedServers;
  readonly records: RecordsStore;
  readonly engine: FederatedEngine;
  readonly registration: RegistrationService;
  /** Connects the hosted servers (each connects or fails once; failures retry in the background). */
  start(): Promise<void>;
  /** start() and bind to the configured host and port. */
  listen(): Promise<ListeningServer>;
  /** Graceful stop: HTTP, hosted servers, then the database (checkpointed). */
  stop(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Every token the node accepts: the shared one (all scopes), the config's, and the tokens file's. */
export function collectTokens(config: NodeConfig): TokenEntry[] {
  const tokens: TokenEntry[] = [...config.tokens];
  if (config.tokensFile) tokens.push(...readTokensFile(config.tokensFile));
  if (config.sharedToken) tokens.push({ id: "federation", sha256: sha256Hex(config.sharedToken), scopes: [...ALL_SCOPES] });
  return tokens;
}

/**
 * The composition root: builds store → metrics → hosting → services → app from one validated
 * configuration. The CLI and the tests both start nodes through here.
 */
export function createNode(config: NodeConfig, options: NodeOptions = {}): McpfedNode {
  const logger = options.logger ?? pino({ level: config.node.logLevel, base: { node: config.node.name } });
  const verifier = new TokenVerifier(collectTokens(config));
  const openAccess = verifier.size === 0;
  if (openAccess && !isLoopbackHost(config.node.host)) {
    throw new Error(
      `no token is configured and host ${config.node.host} is not loopback: set MCP_FEDERATION_TOKEN, --token, ` +
        "tokens in the config or --tokens-file (create one with `mcpfed token create`)",
    );
  }

  const db = openDatabase(config.node.db);
  const records = new RecordsStore(db);
  const validators = new SchemaValidators();
  const catalog = new ToolCatalog(new CatalogStore(db), validators);
  const recorder = new PerformanceRecorder(records);
  const hosted = new HostedServers({
    servers: config.mcpServers,
    catalog,
    logger: logger.child({ module: "hosting" }),
    callTimeoutMs: config.node.callTimeout,
    restartBaseMs: options.restartBaseMs,
  });
  const registration = new RegistrationService({
    config,
    store: new SubmissionsStore(db),
    catalog,
    hosted,
    validators,
    logger: logger.child({ module: "governance" }),
    ...options.governance,
  });
  const peersStore = new PeersStore(db);
  const engine = new FederatedEngine({
    peers: mergePeers(config.peers, peersStore.all()),
    token: config.sharedToken,
    ...options.engine,
    localTools: () => localTools(catalog, hosted),
    localRevision: () => catalog.revision,
    // calls the engine forwards are stored as this node's own records, named name@host
    onRecord: (obs) =>
      recorder.store({ mcpName: obs.mcp_name, success: obs.success, latencyMs: obs.latency_ms, cost: obs.cost, errorClass: obs.error_class ?? null }),
  });
  for (const r of records.list({ limit: SEED_RECORDS }).reverse()) engine.observe(r);
  recorder.onRecord((obs) => engine.observe(obs));
  const execute = new ExecuteService({
    catalog,
    hosted,
    recorder,
    remote: (name, kwargs) => engine.execute(name, kwargs),
  });
  const app = createApp({
    logger: logger.child({ module: "http" }),
    verifier,
    openAccess,
    bodyLimit: config.node.bodyLimit,
    catalog,
    execute,
    recorder,
    records,
    serverStatus: () => hosted.status(),
    engine,
    peersStore,
    registration,
  });
  let syncTimer: NodeJS.Timeout | undefined;
  let recheckTimer: NodeJS.Timeout | undefined;

  let http: ListeningServer | undefined;
  let stopping: Promise<void> | undefined;
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
    async start() {
      if (openAccess) {
        logger.warn("no token configured: the node accepts unauthenticated requests on loopback only");
      }
      await Promise.all([hosted.start(), registration.restore()]);
      recheckTimer = setInterval(() => void registration.recheck(), config.governance.recheckInterval);
      recheckTimer.unref();
      const sync = async () => {
        const result = await engine.refresh();
        for (const e of result.errors) logger.warn({ peer: e.url, err: e.error }, "peer sync failed");
      };
      await sync();
      syncTimer = setInterval(() => void sync(), config.federation.syncInterval);
      syncTimer.unref();
    },
    async listen() {
      await node.start();
      http = await listen(app, config.node.host, config.node.port);
      logger.info({ url: http.url }, `listening on ${http.url}`);
      return http;
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(syncTimer);
        clearInterval(recheckTimer);
        await http?.close(config.node.shutdownGrace);
        await Promise.all([hosted.stop(), engine.close()]);
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
  return catalog.all().map((e) => ({
    name: e.name,
    description: e.description,
    version: e.version,
    tags: e.tags,
    capabilities: e.capabilities,
    inputSchema: e.inputSchema,
    executable: e.executable,
    cost: e.origin === "hosted" ? hosted.costOf(e.server) : null,
    trust: e.origin === "hosted" ? 1 : 0.9,
  }));
}

import type { Express } from "express";
import pino, { type Logger } from "pino";
import { readTokensFile } from "../auth/tokens-file";
import { ALL_SCOPES, TokenVerifier, sha256Hex } from "../auth/tokens";
import { SchemaValidators } from "../catalog/schema-validator";
import { ToolCatalog } from "../catalog/tool-catalog";
import type { NodeConfig, TokenEntry } from "../config/config-schema";
import { ExecuteService } from "../execution/execute-service";
import { HostedServers } from "../hosting/hosted-servers";
import { PerformanceRecorder } from "../metrics/performance-recorder";
import { CatalogStore } from "../store/catalog-store";
import { closeDatabase, openDatabase, type Db } from "../store/database";
import { RecordsStore } from "../store/records-store";
import { createApp } from "./app";
import { listen, type ListeningServer } from "./server";

export interface NodeOptions {
  logger?: Logger;
  /** Base delay of hosted-server restarts (tests shorten it). */
  restartBaseMs?: number;
}

export interface McpfedNode {
  readonly config: NodeConfig;
  readonly app: Express;
  readonly logger: Logger;
  readonly db: Db;
  readonly catalog: ToolCatalog;
  readonly hosted: HostedServers;
  readonly records: RecordsStore;
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
  const catalog = new ToolCatalog(new CatalogStore(db), new SchemaValidators());
  const recorder = new PerformanceRecorder(records);
  const hosted = new HostedServers({
    servers: config.mcpServers,
    catalog,
    logger: logger.child({ module: "hosting" }),
    callTimeoutMs: config.node.callTimeout,
    restartBaseMs: options.restartBaseMs,
  });
  const execute = new ExecuteService({ catalog, hosted, recorder });
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
    peerStatus: () => [],
  });

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
    async start() {
      if (openAccess) {
        logger.warn("no token configured: the node accepts unauthenticated requests on loopback only");
      }
      await hosted.start();
    },
    async listen() {
      await node.start();
      http = await listen(app, config.node.host, config.node.port);
      logger.info({ url: http.url }, `listening on ${http.url}`);
      return http;
    },
    stop() {
      stopping ??= (async () => {
        await http?.close(config.node.shutdownGrace);
        await hosted.stop();
        closeDatabase(db);
      })();
      return stopping;
    },
  };
  return node;
}

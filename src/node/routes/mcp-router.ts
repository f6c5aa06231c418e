import type { Request, RequestHandler, Response } from "express";
import pino, { type Logger } from "pino";
import type { ServerConfig } from "../../config/config-schema";
import { ForbiddenError, MalformedJsonError, NotFoundError } from "../../errors";
import { AggregateEndpoint, type AggregateSession } from "../../mcp/aggregate-endpoint";
import { answerPreflight, applyCors, originAllowed } from "../../mcp/cors";
import { WHOLE_FEDERATION, type FederationMcp, type ToolScope } from "../../mcp/federation-mcp";
import { parseError, protocolProblem, sendRpcError } from "../../mcp/http-rules";
import { PassthroughEndpoint } from "../../mcp/passthrough-endpoint";
import type { PassthroughSession } from "../../mcp/passthrough-session";
import { SessionRegistry } from "../../mcp/session-registry";
import { toolSetScope, type ToolSetConfig } from "../../mcp/tool-sets";
import { principalOf, requireScope } from "../auth";

export interface McpRouterOptions {
  mcp: FederationMcp;
  allowedOrigins: readonly string[];
  sessions: boolean;
  maxSessions: number;
  /** Sessions one token may hold on each endpoint family (default 100). */
  maxSessionsPerToken?: number;
  sessionIdleTimeoutMs: number;
  /** `mcp.toolSets`: named subsets served at `/mcp/<set>`. */
  toolSets?: Readonly<Record<string, ToolSetConfig>>;
  /** The operator's configuration of a hosted server by name (`/mcp/<server>`), if any. */
  serverConfig?: (name: string) => ServerConfig | undefined;
  /** Default answer timeout of a pass-through request. */
  callTimeoutMs?: number;
  logger?: Logger;
}

const ENDPOINT = /^\/mcp(?:\/([A-Za-z0-9_-]{1,64}))?\/?$/;

/** The MCP endpoints' handlers: `preflight` (no auth) for OPTIONS, `handlers` for the rest. */
export interface McpHandlers {
  preflight: RequestHandler;
  handlers: RequestHandler[];
  close(): Promise<void>;
}

/**
 * The Streamable HTTP MCP endpoints, behind the same bearer tokens as the REST API: `/mcp` (the
 * federation), `/mcp/<set>` (a named tool set) and `/mcp/<server>` (one hosted server passed
 * through). Origin is checked against `mcp.allowedOrigins` (and the node's own origin), the
 * protocol version header against the SDK's versions, and bad JSON gets a JSON-RPC parse error.
 */
export function mcpHandlers(options: McpRouterOptions): McpHandlers {
  const registryOptions = {
    maxSessions: options.maxSessions,
    maxPerToken: options.maxSessionsPerToken ?? 100,
    idleTimeoutMs: options.sessionIdleTimeoutMs,
  };
  const aggregateSessions = new SessionRegistry<AggregateSession>(registryOptions);
  const passthroughSessions = new SessionRegistry<PassthroughSession>(registryOptions);
  const aggregate = new AggregateEndpoint({ mcp: options.mcp, sessions: aggregateSessions, statefulSessions: options.sessions });
  const passthrough = new PassthroughEndpoint({
    configOf: (name) => options.serverConfig?.(name),
    sessions: passthroughSessions,
    requestTimeoutMs: options.callTimeoutMs ?? 30_000,
    logger: options.logger ?? pino({ level: "silent" }),
  });
  const sets = new Map<string, ToolScope>(Object.entries(options.toolSets ?? {}).map(([name, set]) => [name, toolSetScope(name, set)]));

  const pathOf = (req: Request) => (req.url ?? "/").split("?")[0];


  const checkOrigin: RequestHandler = (req, res, next) => {
    if (!originAllowed(req, options.allowedOrigins)) throw new ForbiddenError(`origin ${req.headers.origin} is not allowed`);
    applyCors(req, res);
    next();
  };


  const handler: RequestHandler = async (req, res) => {
    const match = ENDPOINT.exec(pathOf(req));
    if (!match) throw new NotFoundError("no such MCP endpoint");
    const body: unknown = req.body;
    const problem = protocolProblem(req, body);
    if (problem) {
      sendRpcError(res, 400, problem);
      return;
    }
    const principal = principalOf(res);
    const name = match[1];
    if (name === undefined) return aggregate.handle(WHOLE_FEDERATION, req, res, body, principal);
    const set = sets.get(name);
    if (set) return aggregate.handle(set, req, res, body, principal);
    if (passthrough.has(name)) return passthrough.handle(name, req, res, body, principal);
    throw new NotFoundError(`no MCP endpoint ${name}`);
  };

  return {
    preflight: (req, res) => answerPreflight(req, res, options.allowedOrigins),
    handlers: [checkOrigin, requireScope("discover", "execute"), handler],
    async close() {
      await Promise.all([aggregateSessions.closeAll(), passthroughSessions.closeAll()]);
    },
  };
}

/** The JSON body reader for MCP endpoints: bad JSON answers a JSON-RPC parse error (-32700), not a problem document. */
export function mcpBody(body: RequestHandler): RequestHandler {
  return (req, res, next) =>
    body(req, res, (err?: unknown) => {
      if (err instanceof MalformedJsonError) sendRpcError(res as Response, 400, parseError());
      else next(err);
    });
}

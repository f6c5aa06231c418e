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
import type { ChangeFeed } from "../../store/ports";
import { AdoptedStreams } from "../../mcp/adopted-streams";
import { SharedSessionRegistry, type SharedMcpSessions } from "../shared-mcp-sessions";

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
  /** Sessions known to every replica (replicas on one database); absent: this process only. */
  shared?: SharedMcpSessions;
  /** Other replicas' changes: a session they ended is ended here too. */
  changes?: ChangeFeed;
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
  const aggregateSessions = options.shared
    ? new SharedSessionRegistry<AggregateSession>(registryOptions, options.shared)
    : new SessionRegistry<AggregateSession>(registryOptions);
  const passthroughSessions = new SessionRegistry<PassthroughSession>(registryOptions);
  const aggregate = new AggregateEndpoint({ mcp: options.mcp, sessions: aggregateSessions, statefulSessions: options.sessions });
  const passthrough = new PassthroughEndpoint({
    configOf: (name) => options.serverConfig?.(name),
    sessions: passthroughSessions,
    requestTimeoutMs: options.callTimeoutMs ?? 30_000,
    policy: options.mcp.policy,
    limits: options.mcp.gate,
    logger: options.logger ?? pino({ level: "silent" }),
  });
  const adopted = new AdoptedStreams((key) => options.shared?.seen(key));
  const stopHearingTools = options.mcp.onToolListChanged(() => adopted.notify("notifications/tools/list_changed"));
  // a session ended on another replica ends here: its own session, or a stream adopted for it
  const stopHearingEnds = options.changes?.subscribe((change) => {
    if (change.topic !== "mcp-session") return;
    adopted.close(change.id);
    void aggregateSessions.close(change.id).catch(() => undefined);
  });
  const sets = new Map<string, ToolScope>(Object.entries(options.toolSets ?? {}).map(([name, set]) => [name, toolSetScope(name, set)]));

  const pathOf = (req: Request) => (req.url ?? "/").split("?")[0];


  const checkOrigin: RequestHandler = (req, res, next) => {
    if (!originAllowed(req, options.allowedOrigins)) throw new ForbiddenError(`origin ${req.headers.origin} is not allowed`);
    applyCors(req, res);
    next();
  };


  /**
   * A session opened on another replica (replicas on one database): its POSTs are served here
   * statelessly under the same id and owner, its event stream (GET) is adopted here, and a
   * DELETE ends it for every replica.
   */
  const servedForAnotherReplica = async (scope: ToolScope, req: Request, res: Response, body: unknown, principal: ReturnType<typeof principalOf>) => {
    const sessionId = req.headers["mcp-session-id"];
    const shared = options.shared;
    if (typeof sessionId !== "string" || !shared) return false;
    const key = `${scope.name}/${sessionId}`;
    if (aggregateSessions.get(key, principal.id) || !(await shared.isLive(key, principal.id))) return false;
    if (req.method === "GET") {
      shared.seen(key);
      adopted.open(key, sessionId, res);
      return true;
    }
    if (req.method === "DELETE") {
      adopted.close(key);
      await shared.end(key);
      res.statusCode = 200;
      res.end();
      return true;
    }
    shared.seen(key);
    delete req.headers["mcp-session-id"];
    res.setHeader("Mcp-Session-Id", sessionId);
    await aggregate.handle(scope, req, res, body, principal);
    return true;
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
    const scope = name === undefined ? WHOLE_FEDERATION : sets.get(name);
    if (scope && (await servedForAnotherReplica(scope, req, res, body, principal))) return;
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
      stopHearingTools();
      stopHearingEnds?.();
      adopted.closeAll();
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

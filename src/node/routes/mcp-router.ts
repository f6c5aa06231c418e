import { randomUUID } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ForbiddenError, NotFoundError, UnavailableError, ValidationError } from "../../errors";
import type { FederationMcp } from "../../mcp/federation-mcp";
import { answerDirectly } from "../../mcp/direct-calls";
import { principalOf, requireScope } from "../auth";
import { sendJson } from "../error-middleware";
import { MethodNotAllowedError, type SharedMcpSessions } from "../shared-mcp-sessions";

export interface McpRouterOptions {
  mcp: FederationMcp;
  allowedOrigins: readonly string[];
  sessions: boolean;
  maxSessions: number;
  sessionIdleTimeoutMs: number;
  /** Sessions known to every replica (replicas on one database); absent: this process only. */
  shared?: SharedMcpSessions;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: Server;
  owner: string;
  lastSeen: number;
}

/**
 * The Streamable HTTP MCP endpoint at /mcp, behind the same bearer tokens. An initialize
 * request opens a session (Mcp-Session-Id; the client gets list_changed notifications); a
 * request without a session id is served statelessly. A session belongs to the token that
 * opened it. Origin is checked against `mcp.allowedOrigins`.
 */
export function mcpHandlers(options: McpRouterOptions): { handlers: RequestHandler[]; close(): Promise<void> } {
  const sessions = new Map<string, Session>();
  const sweep = setInterval(() => {
    const cutoff = Date.now() - options.sessionIdleTimeoutMs;
    for (const [id, s] of sessions) if (s.lastSeen < cutoff) void s.transport.close().finally(() => sessions.delete(id));
    options.shared?.sweep();
  }, Math.min(60_000, options.sessionIdleTimeoutMs));
  sweep.unref();

  const checkOrigin = (req: Request) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !options.allowedOrigins.includes(origin)) throw new ForbiddenError(`origin ${origin} is not allowed`);
  };

  /** tools/call and tools/list answered without an SDK transport (see direct-calls.ts). */
  const direct = async (req: Request, res: Response, principal: ReturnType<typeof principalOf>): Promise<boolean> => {
    const answer = await answerDirectly(req.body, req.headers.accept, options.mcp, principal);
    if (!answer) return false;
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") res.setHeader("Mcp-Session-Id", sessionId);
    sendJson(res, 200, answer);
    return true;
  };

  const handler = async (req: Request, res: Response) => {
    checkOrigin(req);
    const principal = principalOf(res);
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string" && !sessions.has(sessionId) && options.shared && (await options.shared.isLive(sessionId, principal.id))) {
      // opened on another replica: served here statelessly under the same id
      options.shared.seen(sessionId);
      // its event stream and its termination belong to the replica that holds its transport
      if (req.method !== "POST") throw new MethodNotAllowedError("this session's event stream is served by the replica that opened it", "POST");
      res.setHeader("Mcp-Session-Id", sessionId);
      if (await direct(req, res, principal)) return;
      await serveStatelessly(req, res, principal);
      return;
    }
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      // another token's session is as unknown as a closed one
      if (!session || session.owner !== principal.id) throw new NotFoundError("unknown or expired MCP session");
      session.lastSeen = Date.now();
      options.shared?.seen(sessionId);
      if (req.method === "POST" && (await direct(req, res, principal))) return;
      await session.transport.handleRequest(req, res, req.body);
      return;
    }
    if (req.method !== "POST") throw new ValidationError("GET and DELETE on /mcp need an Mcp-Session-Id");
    if (await direct(req, res, principal)) return;
    if (options.sessions && isInitializeRequest(req.body)) {
      if (sessions.size >= options.maxSessions) throw new UnavailableError("too many MCP sessions", 30);
      const server = options.mcp.createServer(principal, true);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, { transport, server, owner: principal.id, lastSeen: Date.now() });
          options.shared?.opened(id, principal.id);
        },
        onsessionclosed: (id) => {
          sessions.delete(id);
          options.shared?.closed(id);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
        void server.close();
      };
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
      return;
    }
    await serveStatelessly(req, res, principal);
  };
  const serveStatelessly = async (req: Request, res: Response, principal: ReturnType<typeof principalOf>) => {
    const server = options.mcp.createServer(principal, false);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
  return {
    handlers: [requireScope("discover", "execute"), handler],
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions.values()].map((s) => s.transport.close().catch(() => undefined)));
      sessions.clear();
    },
  };
}

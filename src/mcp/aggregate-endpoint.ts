import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Principal } from "../auth/tokens";
import { NotFoundError, ValidationError } from "../errors";
import { sendJson } from "../node/error-middleware";
import { relaysRequests, wantsProgress } from "./call-relay";
import { answerDirectly } from "./direct-calls";
import { cancelOnHangUp } from "./hang-up";
import { InFlightCalls } from "./in-flight-calls";
import type { FederationMcp, ToolScope } from "./federation-mcp";
import { invalidParams, sendRpcError } from "./http-rules";
import type { SessionRegistry } from "./session-registry";

export interface AggregateSession {
  transport: StreamableHTTPServerTransport;
  server: Server;
  close(): Promise<void>;
}

export interface AggregateEndpointOptions {
  mcp: FederationMcp;
  sessions: SessionRegistry<AggregateSession>;
  /** Give initializing clients a session; otherwise every request is served statelessly. */
  statefulSessions: boolean;
}

/**
 * `/mcp` (the whole federation) and `/mcp/<set>` (a named tool set): the node's own MCP
 * server. tools/call and tools/list in a JSON POST are answered directly (direct-calls.ts);
 * everything else goes through an SDK transport, in a session when the client initializes one.
 */
export class AggregateEndpoint {
  private readonly inFlight = new InFlightCalls();

  constructor(private readonly options: AggregateEndpointOptions) {}

  async handle(scope: ToolScope, req: IncomingMessage, res: ServerResponse, body: unknown, principal: Principal): Promise<void> {
    const { mcp, sessions } = this.options;
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const key = `${scope.name}/${sessionId}`;
      const session = sessions.get(key, principal.id);
      if (!session) throw new NotFoundError("unknown or expired MCP session");
      sessions.track(key, req.method === "GET" ? "stream" : "request", (done) => res.once("close", done));
      if (req.method === "POST") this.inFlight.cancel(key, body);
      const streams = wantsProgress(body) || relaysRequests(session.server);
      if (req.method === "POST" && !streams && (await this.direct(scope, req, res, body, principal))) return;
      if (req.method === "POST" && this.rejectInvalid(res, body)) return;
      if (req.method === "POST") cancelOnHangUp(session.transport, res, body);
      await session.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method === "GET") {
      res.setHeader("Allow", "POST");
      res.statusCode = 405;
      res.end();
      return;
    }
    if (req.method !== "POST") throw new ValidationError("DELETE on an MCP endpoint needs an Mcp-Session-Id");
    const progress = wantsProgress(body);
    if (!progress && (await this.direct(scope, req, res, body, principal))) return;
    if (this.rejectInvalid(res, body)) return;
    if (this.options.statefulSessions && isInitializeRequest(body)) {
      await sessions.admit(principal.id);
      const server = mcp.createServer(principal, true, scope);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        // the SDK awaits this before answering initialize: with replicas, the session must be in
        // the shared store by then, since the client's next request may reach another replica
        onsessioninitialized: (id) => sessions.add(`${scope.name}/${id}`, principal.id, { transport, server, close: () => transport.close() }),
        onsessionclosed: (id) => sessions.delete(`${scope.name}/${id}`),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(`${scope.name}/${transport.sessionId}`);
        void server.close();
      };
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
      return;
    }
    const server = mcp.createServer(principal, false, scope);
    // progress can only reach a client that accepts an event stream as the answer
    const stream = progress && (req.headers.accept ?? "").includes("text/event-stream");
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: !stream });
    cancelOnHangUp(transport, res, body);
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  /** Params that do not fit their method: -32602 here, before the SDK turns them into -32603 with a zod dump. */
  private rejectInvalid(res: ServerResponse, body: unknown): boolean {
    const bad = invalidParams(body);
    if (bad) sendRpcError(res, 400, bad);
    return bad !== undefined;
  }

  /** tools/call and tools/list answered without an SDK transport (see direct-calls.ts). */
  private async direct(scope: ToolScope, req: IncomingMessage, res: ServerResponse, body: unknown, principal: Principal): Promise<boolean> {
    const hangUp = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) hangUp.abort();
    });
    const sessionId = req.headers["mcp-session-id"];
    const id = (body as { id?: unknown } | null)?.id;
    const forget =
      typeof sessionId === "string" && (typeof id === "string" || typeof id === "number")
        ? this.inFlight.start(`${scope.name}/${sessionId}`, id, hangUp)
        : () => undefined;
    const answer = await answerDirectly(body, req.headers.accept, this.options.mcp, principal, scope, hangUp.signal).finally(forget);
    if (!answer) return false;
    if (typeof sessionId === "string") res.setHeader("Mcp-Session-Id", sessionId);
    sendJson(res, 200, answer);
    return true;
  }
}

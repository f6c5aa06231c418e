import type { IncomingMessage, ServerResponse } from "node:http";
import { isInitializeRequest, isJSONRPCRequest, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import type { Principal } from "../auth/tokens";
import type { ServerConfig } from "../config/config-schema";
import { NotFoundError, UnavailableError, UpstreamError, ValidationError } from "../errors";
import { createToolFilter } from "../hosting/tool-filter";
import { policyDenial, policyFiltered } from "../policy/policy-hooks";
import type { PolicyTable } from "../policy/policy";
import type { CallGate } from "../cache/call-gate";
import { limitDenial } from "../cache/limit-denial";
import { createUndiciFetch } from "../hosting/undici-fetch";
import { invalidParams, sendRpcError } from "./http-rules";
import { PassthroughSession } from "./passthrough-session";
import type { SessionRegistry } from "./session-registry";
import { createUpstreamTransport } from "./upstream-transport";

export interface PassthroughEndpointOptions {
  /** The operator's configuration of a hosted server, or undefined when there is none by that name. */
  configOf: (server: string) => ServerConfig | undefined;
  sessions: SessionRegistry<PassthroughSession>;
  /** Default time a request may wait for its answer when the server has no `timeout`. */
  requestTimeoutMs: number;
  logger: Logger;
  /** Policy routing: a tool denied to the token is hidden and its calls refused. */
  policy?: PolicyTable;
  /** Call limits (`limits.tools`, `limits.tokens`): a call past a budget is refused. */
  limits?: Pick<CallGate, "checkLimits">;
}

const DEFAULT_STDIO_SESSIONS = 32;

/**
 * `/mcp/<server>`: each client session gets a pass-through session with its own upstream
 * connection to the hosted server (docs/adr/0007-pass-through-sessions.md).
 */
export class PassthroughEndpoint {
  constructor(private readonly options: PassthroughEndpointOptions) {}

  /** Does a hosted server by this name exist (so `/mcp/<name>` is its pass-through)? */
  has(server: string): boolean {
    return this.options.configOf(server) !== undefined;
  }

  async handle(server: string, req: IncomingMessage, res: ServerResponse, body: unknown, principal: Principal): Promise<void> {
    const bad = req.method === "POST" ? invalidParams(body) : undefined;
    if (bad) {
      sendRpcError(res, 400, bad);
      return;
    }
    const sessionId = req.headers["mcp-session-id"];
    const sessions = this.options.sessions;
    if (typeof sessionId === "string") {
      const session = sessions.get(`${server}/${sessionId}`, principal.id);
      if (!session) throw new NotFoundError("unknown or expired MCP session");
      this.watch(session, `${server}/${sessionId}`, req, res, body);
      await session.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method === "GET") {
      res.setHeader("Allow", "POST");
      res.statusCode = 405;
      res.end();
      return;
    }
    if (req.method !== "POST" || !isInitializeRequest(body)) {
      throw new ValidationError("an MCP session starts with an initialize request; send Mcp-Session-Id with anything else");
    }
    const config = this.options.configOf(server);
    if (!config) throw new NotFoundError(`no MCP endpoint ${server}`);
    // a stdio server runs a process per session: at most its maxConcurrent (default 32) at once
    if ("command" in config && sessions.countWithPrefix(`${server}/`) >= (config.maxConcurrent ?? DEFAULT_STDIO_SESSIONS)) {
      throw new UnavailableError(`server ${server} has as many pass-through sessions as it may run processes`, 30);
    }
    await sessions.admit(principal.id);
    const log = this.options.logger.child({ server });
    // a connection pool per session: a session's open event stream never starves another's requests
    const http = "url" in config ? createUndiciFetch({ connections: 32 }) : undefined;
    const session = new PassthroughSession({
      server,
      principal,
      upstream: createUpstreamTransport(config, http?.fetch, (text) => log.debug({ stderr: text }, "server stderr")),
      onClose: () => void http?.close().catch(() => undefined),
      allowTool: policyFiltered(createToolFilter(config.tools), server, principal, this.options.policy),
      checkCall: (tool) => policyDenial(`${server}.${tool}`, principal, this.options.policy),
      limitCall: this.options.limits && limitDenial(this.options.limits, server, principal.id),
      requestTimeoutMs: config.timeout ?? this.options.requestTimeoutMs,
      onInitialized: (id, s) => sessions.add(`${server}/${id}`, principal.id, s),
      onClosed: (id) => sessions.delete(`${server}/${id}`),
    });
    try {
      await session.start();
    } catch (err) {
      await session.close();
      log.warn({ err: (err as Error).message }, "pass-through session could not reach the server");
      throw new UpstreamError(`server ${server} cannot be reached`);
    }
    this.watch(session, undefined, req, res, body);
    await session.transport.handleRequest(req, res, body);
  }

  /** Counts the request on its session and cancels its requests upstream if the caller goes away first. */
  private watch(session: PassthroughSession, key: string | undefined, req: IncomingMessage, res: ServerResponse, body: unknown): void {
    if (key) this.options.sessions.track(key, req.method === "GET" ? "stream" : "request", (done) => res.once("close", done));
    if (req.method !== "POST") return;
    const ids: RequestId[] = (Array.isArray(body) ? body : [body]).filter(isJSONRPCRequest).map((m) => m.id);
    if (ids.length === 0) return;
    res.once("close", () => {
      if (!res.writableFinished) session.abandon(ids);
    });
  }
}

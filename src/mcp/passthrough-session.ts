import { randomUUID } from "node:crypto";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  ErrorCode,
  InitializeResultSchema,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import type { Principal } from "../auth/tokens";
import type { UpstreamTransport } from "./upstream-transport";

export interface PassthroughSessionOptions {
  /** The hosted server's name (for messages). */
  server: string;
  principal: Principal;
  upstream: UpstreamTransport;
  /** Is this one of the server's published tools (the operator's `tools` filter)? */
  allowTool: (tool: string) => boolean;
  /** Why a policy refuses this token a call of `tool` (audited), or undefined when it may call it. */
  checkCall?: (tool: string) => string | undefined;
  /** Why a call limit refuses this call of `tool` now, or undefined when it may go. */
  limitCall?: (tool: string) => Promise<string | undefined>;
  /** A request the server has not answered in this long is cancelled upstream and answered with a timeout. */
  requestTimeoutMs: number;
  onInitialized: (sessionId: string, session: PassthroughSession) => void;
  onClosed: (sessionId: string) => void;
  /** Called once when the session is over (releases what the endpoint made for it). */
  onClose?: () => void;
}

/** The upstream server's own error for "request timed out" in the SDK. */
const REQUEST_TIMEOUT = ErrorCode.RequestTimeout;

/**
 * One downstream MCP session on `/mcp/<server>`, relayed as raw JSON-RPC to an upstream
 * connection of its own (see docs/adr/0007-pass-through-sessions.md). Every message
 * passes unchanged — initialize (so the client sees the server's own capabilities, instructions
 * and protocol version), ids, progress tokens, cancellations, server→client requests — except:
 * tools/call and tools/list respect the operator's tool filter, every method but tools/call needs
 * the discover scope and tools/call the execute scope, and a request the server leaves
 * unanswered past the timeout is cancelled.
 */
export class PassthroughSession {
  readonly transport: StreamableHTTPServerTransport;
  private readonly pending = new Map<RequestId, { method: string; timer: NodeJS.Timeout }>();
  private readonly progress = new Map<string | number, RequestId>();
  private closed = false;

  constructor(private readonly options: PassthroughSessionOptions) {
    this.transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => options.onInitialized(id, this),
      onsessionclosed: () => void this.close(),
    });
    this.transport.onmessage = (message) => void this.fromClient(message);
    this.transport.onclose = () => void this.close();
    options.upstream.onmessage = (message) => void this.fromServer(message);
    options.upstream.onclose = () => void this.close();
    options.upstream.onerror = (err) => this.onUpstreamError(err);
  }

  /** Starts the upstream connection (spawns the child or prepares the HTTP client). */
  async start(): Promise<void> {
    await this.options.upstream.start();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // answer what is still pending before the streams close, so no client call hangs
    const pending = [...this.pending.keys()];
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    await Promise.all(
      pending.map((id) => this.toClient({ jsonrpc: "2.0", id, error: { code: ErrorCode.ConnectionClosed, message: `the session with server ${this.options.server} ended` } })),
    );
    if (this.transport.sessionId) this.options.onClosed(this.transport.sessionId);
    // the upstream session ends with ours (a DELETE for an HTTP server, the child's exit for stdio)
    await this.options.upstream.terminateSession?.().catch(() => undefined);
    await Promise.allSettled([this.transport.close(), this.options.upstream.close()]);
    this.options.onClose?.();
  }

  /** The caller's HTTP request closed before these requests were answered: cancel them upstream. */
  abandon(ids: readonly RequestId[]): void {
    for (const id of ids) {
      if (!this.pending.has(id)) continue;
      this.finish(id);
      void this.toServer({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason: "the client went away" } });
    }
  }

  private async fromClient(message: JSONRPCMessage): Promise<void> {
    if (isJSONRPCRequest(message)) {
      const refusal = this.refuse(message.method, message.params) ?? (await this.limit(message.method, message.params));
      if (refusal) {
        await this.toClient({ jsonrpc: "2.0", id: message.id, error: { code: refusal.code, message: refusal.message } });
        return;
      }
      const timer = setTimeout(() => this.timeOut(message.id), this.options.requestTimeoutMs);
      timer.unref();
      this.pending.set(message.id, { method: message.method, timer });
      const token = (message.params?._meta as { progressToken?: unknown } | undefined)?.progressToken;
      if (typeof token === "string" || typeof token === "number") this.progress.set(token, message.id);
    } else if (isJSONRPCNotification(message) && message.method === "notifications/cancelled") {
      const id = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      if (id !== undefined) this.finish(id);
    }
    await this.toServer(message);
  }

  private async limit(method: string, params: Record<string, unknown> | undefined): Promise<{ code: number; message: string } | undefined> {
    if (method !== "tools/call" || !this.options.limitCall || typeof params?.name !== "string") return undefined;
    const limited = await this.options.limitCall(params.name);
    return limited === undefined ? undefined : { code: ErrorCode.InvalidRequest, message: limited };
  }

  private refuse(method: string, params: Record<string, unknown> | undefined): { code: number; message: string } | undefined {
    const scopes = this.options.principal.scopes;
    if (method === "tools/call") {
      if (!scopes.has("execute")) return { code: ErrorCode.InvalidRequest, message: "this token lacks the execute scope" };
      const name = params?.name;
      const denied = typeof name === "string" ? this.options.checkCall?.(name) : undefined;
      if (denied !== undefined) return { code: ErrorCode.InvalidRequest, message: denied };
      if (typeof name !== "string" || !this.options.allowTool(name)) return { code: ErrorCode.InvalidParams, message: `unknown tool ${String(name)}` };
      return undefined;
    }
    if (method !== "initialize" && method !== "ping" && !scopes.has("discover")) {
      return { code: ErrorCode.InvalidRequest, message: "this token lacks the discover scope" };
    }
    return undefined;
  }

  private async fromServer(message: JSONRPCMessage): Promise<void> {
    if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) {
      const id = message.id;
      if (id === undefined) return;
      const request = this.pending.get(id);
      if (!request) return; // answered already (timed out or cancelled)
      this.finish(id);
      if (isJSONRPCResultResponse(message)) {
        if (request.method === "initialize") {
          const init = InitializeResultSchema.safeParse(message.result);
          if (init.success) this.options.upstream.setProtocolVersion?.(init.data.protocolVersion);
        }
        if (request.method === "tools/list") message = this.filterTools(message);
      }
      await this.toClient(message);
      return;
    }
    await this.toClient(message, this.relatedTo(message));
  }

  /** The request a server's notification or request belongs with: its progress token's, else the latest pending one. */
  private relatedTo(message: JSONRPCMessage): RequestId | undefined {
    if (isJSONRPCNotification(message) && message.method === "notifications/progress") {
      const token = (message.params as { progressToken?: string | number } | undefined)?.progressToken;
      const id = token === undefined ? undefined : this.progress.get(token);
      if (id !== undefined && this.pending.has(id)) return id;
    }
    let latest: RequestId | undefined;
    for (const id of this.pending.keys()) latest = id;
    return latest;
  }

  private filterTools(message: JSONRPCMessage & { result: Record<string, unknown> }): typeof message {
    const tools = message.result.tools;
    if (!Array.isArray(tools)) return message;
    const kept = tools.filter((t: { name?: unknown }) => typeof t?.name === "string" && this.options.allowTool(t.name));
    return { ...message, result: { ...message.result, tools: kept } };
  }

  private timeOut(id: RequestId): void {
    if (!this.pending.has(id)) return;
    this.abandon([id]);
    void this.toClient({ jsonrpc: "2.0", id, error: { code: REQUEST_TIMEOUT, message: `server ${this.options.server} did not answer in time` } });
  }

  private finish(id: RequestId): void {
    const request = this.pending.get(id);
    if (!request) return;
    clearTimeout(request.timer);
    this.pending.delete(id);
    for (const [token, requestId] of this.progress) if (requestId === id) this.progress.delete(token);
  }

  /**
   * The upstream server forgot our session (it restarted: 404): end the client's session too,
   * so its next request gets 404 and it initializes again, as the protocol has clients do.
   */
  private onUpstreamError(err: unknown): void {
    if ((err as { code?: unknown }).code === 404) void this.close();
  }

  private async toServer(message: JSONRPCMessage): Promise<void> {
    try {
      await this.options.upstream.send(message);
    } catch (err) {
      if (isJSONRPCRequest(message) && this.pending.has(message.id)) {
        this.finish(message.id);
        await this.toClient({ jsonrpc: "2.0", id: message.id, error: { code: ErrorCode.ConnectionClosed, message: `server ${this.options.server} could not be reached: ${(err as Error).message}` } });
      }
      this.onUpstreamError(err);
    }
  }

  private async toClient(message: JSONRPCMessage, relatedRequestId?: RequestId): Promise<void> {
    try {
      await this.transport.send(message, relatedRequestId === undefined ? undefined : { relatedRequestId });
    } catch {
      // the client's stream is gone; a standalone-stream message is dropped as the SDK does
    }
  }
}

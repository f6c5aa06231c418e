import { ErrorCode, McpError, type CallToolResult, type JSONRPCMessage, type JSONRPCRequest, type LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import { EventEmitter } from "node:events";
import type { Readable } from "node:stream";
import { Agent, request } from "undici";
import type { CallOptions } from "./call-options";
import { CallCancelledError, UpstreamHttpError } from "./call-errors";
import { answerServerRequest } from "./server-requests";
import { readBoundedText, readSseData } from "../util/sse-reader";
import { injectTraceHeaders } from "../tracing/trace-context";

/** What one direct tools/call came to (transport failures and timeouts are thrown instead). */
export type DirectCallOutcome =
  | { kind: "result"; result: CallToolResult }
  | { kind: "rpc-error"; code: number; message: string }
  /** 404 on a request that carried a session id: the server forgot the session; nothing ran. */
  | { kind: "session-expired" };

/** The Streamable HTTP session a call runs on (the SDK client's, after initialize). */
export interface DirectSession {
  sessionId?: string;
  protocolVersion?: string;
}

/** The call options the direct path honours, with the call's overall timeout. */
export interface DirectCallOptions extends Pick<CallOptions, "signal" | "onProgress" | "relay"> {
  timeoutMs: number;
}

/** Largest answer read from a server, JSON or event stream (default 16 MiB). */
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * tools/call to a Streamable HTTP server as one JSON-RPC POST on the session the SDK client
 * opened (same Mcp-Session-Id and protocol version), read with undici.request. The answer is
 * read whole whether it is JSON or an event stream, so the call reaches the server exactly
 * once: nothing here ever repeats a request. Progress notifications on the stream go to
 * `onProgress`; requests the server sends on it (sampling, elicitation, roots) go to `relay`
 * and the answers are POSTed back. Aborting `signal` sends `notifications/cancelled`.
 */
export class DirectHttpCaller {
  private next = 0;
  private readonly agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {}

  async callTool(session: DirectSession, name: string, args: Record<string, unknown>, options: DirectCallOptions): Promise<DirectCallOutcome> {
    const id = `mcpfed-${++this.next}`;
    const params: Record<string, unknown> = { name, arguments: args };
    if (options.onProgress) params._meta = { progressToken: id };
    // undici takes an EventEmitter as the request's signal: far cheaper per call than an AbortController
    const controller = new CallAbort();
    const timer = setTimeout(() => controller.abort("timeout"), options.timeoutMs);
    const onAbort = () => controller.abort("cancelled");
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const res = await request(this.url, {
        method: "POST",
        headers: this.requestHeaders(session),
        body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params }),
        signal: controller,
        dispatcher: this.agent,
      });
      const type = String(res.headers["content-type"] ?? "");
      if (res.statusCode === 404 && session.sessionId) {
        await res.body.dump();
        return { kind: "session-expired" };
      }
      if (res.statusCode !== 200) throw new UpstreamHttpError(res.statusCode, await readBoundedText(res.body, 4096).catch(() => ""));
      if (type.includes("text/event-stream")) return await this.readStream(res.body, id, session, options, controller);
      return outcomeOf(parseAnswer(await readBoundedText(res.body, this.maxBytes)), id);
    } catch (err) {
      if (!controller.aborted) throw err;
      void this.notify(session, { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason: String(controller.reason) } });
      if (controller.reason === "cancelled") throw new CallCancelledError(`the call to ${name} was cancelled by its caller`);
      throw new McpError(ErrorCode.RequestTimeout, "request timed out");
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  private async readStream(body: Readable, id: string, session: DirectSession, options: DirectCallOptions, abort: CallAbort): Promise<DirectCallOutcome> {
    for await (const data of readSseData(body, this.maxBytes)) {
      let message: JsonRpcAnswer;
      try {
        message = JSON.parse(data) as JsonRpcAnswer;
      } catch {
        continue; // a keep-alive or a malformed event: the answer may still come
      }
      if (message.method === "notifications/progress") {
        const p = message.params as { progressToken?: unknown; progress: number; total?: number; message?: string } | undefined;
        if (p && p.progressToken === id) options.onProgress?.({ progress: p.progress, total: p.total, message: p.message });
      } else if (message.method === "notifications/message" && message.params) {
        // a log line on the call's own stream belongs to this call
        options.relay?.log?.(message.params as LoggingMessageNotification["params"]);
      } else if (message.method !== undefined && message.id !== undefined) {
        void answerServerRequest(message as JSONRPCRequest, options.relay, abort.signal).then((answer) => this.notify(session, answer));
      } else if (message.id === id) {
        body.destroy();
        return outcomeOf(message, id);
      }
    }
    throw new UpstreamHttpError(200, "the event stream ended without an answer to the call");
  }

  /** POSTs a message that expects no answer (a response to the server, a notification). */
  private async notify(session: DirectSession, message: JSONRPCMessage): Promise<void> {
    try {
      const res = await request(this.url, {
        method: "POST",
        headers: this.requestHeaders(session),
        body: JSON.stringify(message),
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
        dispatcher: this.agent,
      });
      await res.body.dump();
    } catch {
      // the server is gone or refused it; the call itself reports what matters
    }
  }

  private requestHeaders(session: DirectSession): Record<string, string> {
    const headers: Record<string, string> = {
      ...this.headers,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    if (session.sessionId) headers["mcp-session-id"] = session.sessionId;
    if (session.protocolVersion) headers["mcp-protocol-version"] = session.protocolVersion;
    injectTraceHeaders(headers);
    return headers;
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

/**
 * One call's abort source: an EventEmitter with `aborted` and `reason`, which undici accepts as
 * a request's signal. An AbortSignal, made only when a server request needs one, follows it.
 */
class CallAbort extends EventEmitter {
  aborted = false;
  reason: unknown;
  private controller: AbortController | undefined;

  abort(reason: string): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
    this.emit("abort");
  }

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.aborted) this.controller.abort(this.reason);
    return this.controller.signal;
  }
}

interface JsonRpcAnswer {
  id?: unknown;
  method?: string;
  params?: unknown;
  result?: CallToolResult;
  error?: { code?: number; message?: string };
}

function parseAnswer(text: string): JsonRpcAnswer {
  try {
    return JSON.parse(text) as JsonRpcAnswer;
  } catch {
    throw new UpstreamHttpError(200, "the answer is not JSON");
  }
}

function outcomeOf(message: JsonRpcAnswer, id: string): DirectCallOutcome {
  if (message?.id !== id) throw new UpstreamHttpError(200, "the answer does not match the request");
  if (message.error) return { kind: "rpc-error", code: message.error.code ?? ErrorCode.InternalError, message: message.error.message ?? "error" };
  if (!message.result || !Array.isArray(message.result.content)) throw new UpstreamHttpError(200, "the answer is not a CallToolResult");
  return { kind: "result", result: message.result };
}

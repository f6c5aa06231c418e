import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { Agent, request, errors as undiciErrors } from "undici";

export type DirectCallOutcome =
  | { kind: "result"; result: CallToolResult }
  | { kind: "rpc-error"; code: number; message: string }
  /** Not answerable this way (an event stream, an expired session…): use the SDK client. */
  | { kind: "fallback" };

/**
 * tools/call to a Streamable HTTP server as one JSON-RPC POST on the session the SDK client
 * opened (same Mcp-Session-Id and protocol version), read with undici.request. When the server
 * answers with plain JSON this skips the SDK client's per-call machinery; anything else
 * (an event stream, a 404 for an expired session, a non-JSON body) returns "fallback" and the
 * caller goes through the SDK client as usual. Network failures and timeouts are thrown.
 */
export class DirectHttpCaller {
  private next = 0;
  private readonly agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  async callTool(transport: StreamableHTTPClientTransport, name: string, args: Record<string, unknown>, timeoutMs: number): Promise<DirectCallOutcome> {
    const headers: Record<string, string> = {
      ...this.headers,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    if (transport.sessionId) headers["mcp-session-id"] = transport.sessionId;
    if (transport.protocolVersion) headers["mcp-protocol-version"] = transport.protocolVersion;
    const id = `mcpfed-${++this.next}`;
    const res = await request(this.url, {
      method: "POST",
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } }),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      dispatcher: this.agent,
    });
    const type = String(res.headers["content-type"] ?? "");
    if (res.statusCode !== 200 || !type.includes("application/json")) {
      await res.body.dump();
      return { kind: "fallback" };
    }
    let message: { id?: unknown; result?: CallToolResult; error?: { code?: number; message?: string } };
    try {
      message = (await res.body.json()) as typeof message;
    } catch {
      return { kind: "fallback" };
    }
    if (message?.id !== id) return { kind: "fallback" };
    if (message.error) return { kind: "rpc-error", code: message.error.code ?? ErrorCode.InternalError, message: message.error.message ?? "error" };
    if (!message.result || !Array.isArray(message.result.content)) return { kind: "fallback" };
    return { kind: "result", result: message.result };
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

export function isUndiciTimeout(err: unknown): boolean {
  return err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || err instanceof undiciErrors.ConnectTimeoutError;
}

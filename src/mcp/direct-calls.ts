import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Principal } from "../auth/tokens";
import { WHOLE_FEDERATION, type FederationMcp, type ToolScope } from "./federation-mcp";

/**
 * Answers the two requests that make up nearly all MCP traffic — tools/call and tools/list,
 * one JSON-RPC request in a POST from a client that accepts JSON — without building an SDK
 * transport and server for it. Streamable HTTP lets a server answer any POSTed request with
 * a single JSON response; the answer is the same one the SDK server in FederationMcp gives.
 * Returns undefined for anything else (initialize, notifications, batches, other methods),
 * which the SDK transport handles. `signal` aborts when the caller hangs up (the call is cancelled).
 */
export async function answerDirectly(
  body: unknown,
  accept: string | undefined,
  mcp: FederationMcp,
  principal: Principal,
  scope: ToolScope = WHOLE_FEDERATION,
  signal?: AbortSignal,
): Promise<Record<string, unknown> | undefined> {
  if (!accept?.includes("application/json") || body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const id = (body as { id?: unknown }).id;
  if (typeof id !== "string" && typeof id !== "number") return undefined;
  // the method picks the one schema to parse: anything else (initialize, notifications…) is not parsed here
  const method = (body as { method?: unknown }).method;
  const call = method === "tools/call" ? CallToolRequestSchema.safeParse(body) : undefined;
  const list = method === "tools/list" ? ListToolsRequestSchema.safeParse(body) : undefined;
  if (!call?.success && !list?.success) return undefined;
  try {
    const result = call?.success
      ? await mcp.callTool(call.data.params.name, (call.data.params.arguments ?? {}) as Record<string, unknown>, principal, scope, { signal })
      : mcp.listToolsAs(principal, scope);
    return { jsonrpc: "2.0", id, result };
  } catch (err) {
    const code = err instanceof McpError ? err.code : ErrorCode.InternalError;
    const message = err instanceof McpError ? err.message : "internal error";
    return { jsonrpc: "2.0", id, error: { code, message } };
  }
}

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
  const call = method === "tools/call" ? callParamsOf(body) : undefined;
  const list = method === "tools/list" ? ListToolsRequestSchema.safeParse(body) : undefined;
  if (!call && !list?.success) return undefined;
  try {
    const result = call ? await mcp.callTool(call.name, call.arguments, principal, scope, { signal }) : mcp.listToolsAs(principal, scope);
    return { jsonrpc: "2.0", id, result };
  } catch (err) {
    const code = err instanceof McpError ? err.code : ErrorCode.InternalError;
    const message = err instanceof McpError ? err.message : "internal error";
    return { jsonrpc: "2.0", id, error: { code, message } };
  }
}

/**
 * The tool name and arguments of a tools/call message, or undefined when CallToolRequestSchema
 * refuses it. The usual params, `{name, arguments?}` with a string name and an object of
 * arguments, are taken as they are: the schema accepts every such message, and its zod parse
 * (~5 µs) was the largest single cost of a direct call. Anything else (`_meta`, a task, odd
 * types) is left to the schema.
 */
export function callParamsOf(body: object): { name: string; arguments: Record<string, unknown> } | undefined {
  const params = (body as { params?: unknown }).params;
  if (isPlainObject(params)) {
    let plain = typeof params.name === "string";
    for (const key in params) if (key !== "name" && key !== "arguments") plain = false;
    const args = params.arguments;
    // an own "__proto__" key is the one thing zod's copy of a record would treat differently
    if (plain && (args === undefined || (isPlainObject(args) && !Object.prototype.hasOwnProperty.call(args, "__proto__")))) {
      return { name: params.name as string, arguments: args ?? {} };
    }
  }
  const parsed = CallToolRequestSchema.safeParse(body);
  if (!parsed.success) return undefined;
  return { name: parsed.data.params.name, arguments: (parsed.data.params.arguments ?? {}) as Record<string, unknown> };
}

/** An object parsed from JSON that is not an array (JSON has no other kind of object). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

import type { IncomingMessage, ServerResponse } from "node:http";
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { sendJson } from "../node/error-middleware";

/** The JSON-RPC error of the 2026-07-28 protocol for a version the server does not speak. */
export const UNSUPPORTED_PROTOCOL_VERSION = -32022;

type RpcId = string | number | null;

export interface RpcErrorBody {
  jsonrpc: "2.0";
  id: RpcId;
  error: { code: number; message: string; data?: unknown };
}

export function rpcError(id: RpcId, code: number, message: string, data?: unknown): RpcErrorBody {
  return { jsonrpc: "2.0", id, error: data === undefined ? { code, message } : { code, message, data } };
}

/** Writes a JSON-RPC error as the whole HTTP answer. */
export function sendRpcError(res: ServerResponse, status: number, body: RpcErrorBody): void {
  sendJson(res, status, body);
}

function idOf(message: unknown): RpcId {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

/**
 * The checks every MCP POST/GET/DELETE passes before a transport sees it: an unsupported
 * `MCP-Protocol-Version` header (any method), and `server/discover` of a protocol this SDK does
 * not speak, both answered 400 with a JSON-RPC error naming the supported versions.
 */
export function protocolProblem(req: IncomingMessage, body: unknown): RpcErrorBody | undefined {
  const header = req.headers["mcp-protocol-version"];
  const version = Array.isArray(header) ? header[0] : header;
  const supported = SUPPORTED_PROTOCOL_VERSIONS;
  if (version !== undefined && !supported.includes(version)) {
    return rpcError(idOf(body), UNSUPPORTED_PROTOCOL_VERSION, `unsupported protocol version ${version}; supported: ${supported.join(", ")}`, {
      supported,
      requested: version,
    });
  }
  const messages = Array.isArray(body) ? body : [body];
  const discover = messages.find((m) => (m as { method?: unknown } | null)?.method === "server/discover");
  if (discover !== undefined) {
    return rpcError(idOf(discover), UNSUPPORTED_PROTOCOL_VERSION, `server/discover is not supported; supported protocol versions: ${supported.join(", ")}`, {
      supported,
    });
  }
  return undefined;
}

const PARAM_SCHEMAS: Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }> = {
  "tools/call": CallToolRequestSchema,
  "tools/list": ListToolsRequestSchema,
  "resources/list": ListResourcesRequestSchema,
  "resources/templates/list": ListResourceTemplatesRequestSchema,
  "resources/read": ReadResourceRequestSchema,
  "resources/subscribe": SubscribeRequestSchema,
  "resources/unsubscribe": UnsubscribeRequestSchema,
  "prompts/list": ListPromptsRequestSchema,
  "prompts/get": GetPromptRequestSchema,
  "completion/complete": CompleteRequestSchema,
  "logging/setLevel": SetLevelRequestSchema,
};

/**
 * A request whose params do not fit its method gets -32602 with one short line (the SDK would
 * answer -32603 with the whole zod dump). Only for methods the node itself answers.
 */
export function invalidParams(body: unknown): RpcErrorBody | undefined {
  for (const message of Array.isArray(body) ? body : [body]) {
    const method = (message as { method?: unknown } | null)?.method;
    if (typeof method !== "string" || idOf(message) === null) continue;
    const schema = Object.prototype.hasOwnProperty.call(PARAM_SCHEMAS, method) ? PARAM_SCHEMAS[method] : undefined;
    const parsed = schema?.safeParse(message);
    if (!parsed || parsed.success) continue;
    const issue = parsed.error?.issues[0];
    const where = issue ? issue.path.map(String).join(".") : "params";
    return rpcError(idOf(message), ErrorCode.InvalidParams, `invalid params for ${method}: ${where} ${issue?.message ?? "is invalid"}`.slice(0, 300));
  }
  return undefined;
}

/** A JSON-RPC parse error (-32700), for a body that is not JSON. */
export function parseError(): RpcErrorBody {
  return rpcError(null, ErrorCode.ParseError, "parse error: the body is not valid JSON");
}

import { JSONRPCMessageSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/**
 * One line a stdio server wrote, as a JSON-RPC message: the same answer as the SDK's
 * `deserializeMessage` (JSON.parse, then the zod union of request, notification, result and
 * error), which throws on anything else. Nearly every line on a busy connection is the result
 * of a call, `{"jsonrpc":"2.0","id":…,"result":{…}}`; such a line is recognised with a few
 * checks that accept exactly what the union's strict result-response schema accepts (result
 * without `_meta`), instead of trying four zod schemas in turn (~5 µs a line). Every other line
 * goes through the SDK's parser. The SDK still validates the result against the request's own
 * result schema (e.g. CallToolResultSchema) when it hands it to the caller.
 */
export function parseJsonRpcLine(line: string): JSONRPCMessage {
  const value: unknown = JSON.parse(line);
  return isPlainResultResponse(value) ? value : JSONRPCMessageSchema.parse(value);
}

/** `{jsonrpc: "2.0", id: string | safe integer (zod's int), result: object without _meta}` and no other key. */
function isPlainResultResponse(value: unknown): value is JSONRPCMessage {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  let keys = 0;
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    if (k !== "jsonrpc" && k !== "id" && k !== "result") return false;
    keys++;
  }
  if (keys !== 3 || v.jsonrpc !== "2.0") return false;
  const id = v.id;
  if (typeof id !== "string" && !(typeof id === "number" && Number.isSafeInteger(id))) return false;
  const result = v.result;
  if (typeof result !== "object" || result === null || Array.isArray(result)) return false;
  return !Object.prototype.hasOwnProperty.call(result, "_meta");
}

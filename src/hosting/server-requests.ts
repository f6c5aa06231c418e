import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  McpError,
  type JSONRPCMessage,
  type JSONRPCRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { CallRelay } from "./call-options";

/** The server-to-client requests the node relays to the caller of a tool. */
export const RELAYED_METHODS = ["sampling/createMessage", "elicitation/create", "roots/list"] as const;

/**
 * Hands one request a server sent during a call to the caller's relay, after validating it
 * with the SDK's schema. Throws McpError: MethodNotFound when the caller cannot answer that
 * kind of request (it did not declare the capability), InvalidParams for a malformed request.
 */
export async function relayServerRequest(request: { method: string; params?: unknown }, relay: CallRelay | undefined, signal: AbortSignal): Promise<Record<string, unknown>> {
  const message = { method: request.method, params: request.params ?? {} };
  switch (request.method) {
    case "sampling/createMessage": {
      if (!relay?.sampling) break;
      const parsed = CreateMessageRequestSchema.safeParse(message);
      if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, "invalid sampling/createMessage request");
      return relay.sampling(parsed.data.params, signal);
    }
    case "elicitation/create": {
      if (!relay?.elicitation) break;
      const parsed = ElicitRequestSchema.safeParse(message);
      if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, "invalid elicitation/create request");
      return relay.elicitation(parsed.data.params, signal);
    }
    case "roots/list": {
      if (!relay?.roots) break;
      if (!ListRootsRequestSchema.safeParse(message).success) throw new McpError(ErrorCode.InvalidParams, "invalid roots/list request");
      return relay.roots(signal);
    }
  }
  throw new McpError(ErrorCode.MethodNotFound, `${request.method} cannot be relayed: the caller of this tool does not support it`);
}

/** relayServerRequest as a JSON-RPC response message (for transports the node drives itself). */
export async function answerServerRequest(request: JSONRPCRequest, relay: CallRelay | undefined, signal: AbortSignal): Promise<JSONRPCMessage> {
  try {
    const result = await relayServerRequest(request, relay, signal);
    return { jsonrpc: "2.0", id: request.id, result } as JSONRPCMessage;
  } catch (err) {
    const code = err instanceof McpError ? err.code : ErrorCode.InternalError;
    const message = err instanceof Error ? err.message : "relay failed";
    return { jsonrpc: "2.0", id: request.id, error: { code, message } };
  }
}

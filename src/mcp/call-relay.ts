import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  CreateMessageResultSchema,
  ElicitResultSchema,
  ListRootsResultSchema,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { CallRelay } from "../hosting/call-options";
import type { ExecuteOptions } from "../execution/execute-service";
import { loggingLevelOf, logRelayTo } from "./session-logging";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * The call options of one `tools/call` on an aggregated MCP session: the request's abort signal
 * (a client's `notifications/cancelled` or its HTTP request closing), progress relayed under the
 * client's own `progressToken`, and the hosted server's requests during the call sent to the
 * calling client on the call's own stream — only those the client declared at initialize.
 */
export function callOptionsOf(server: Server, extra: Extra): ExecuteOptions {
  const token = extra._meta?.progressToken;
  const onProgress: ExecuteOptions["onProgress"] =
    token === undefined
      ? undefined
      : (progress) => {
          extra.sendNotification({ method: "notifications/progress", params: { ...progress, progressToken: token } }).catch(() => undefined);
        };
  return { signal: extra.signal, onProgress, relay: relayTo(server, extra), session: extra.sessionId };
}

/** A relay with a handler for each request kind the client can answer; the others are refused upstream. */
function relayTo(server: Server, extra: Extra): CallRelay | undefined {
  const caps = server.getClientCapabilities();
  if (!caps) return undefined;
  const relay: CallRelay = {};
  if (caps.sampling) {
    relay.sampling = (params, signal) => extra.sendRequest({ method: "sampling/createMessage", params }, CreateMessageResultSchema, { signal });
  }
  if (caps.elicitation) {
    relay.elicitation = (params, signal) => extra.sendRequest({ method: "elicitation/create", params }, ElicitResultSchema, { signal });
  }
  if (caps.roots) {
    relay.roots = (signal) => extra.sendRequest({ method: "roots/list" }, ListRootsResultSchema, { signal });
  }
  const log = logRelayTo(server, (params) => void extra.sendNotification({ method: "notifications/message", params }).catch(() => undefined));
  if (log) relay.log = log;
  return relay;
}

/** Does this session need the streaming path for its calls (the server may ask it things, or it wants log lines)? */
export function relaysRequests(server: Server | undefined): boolean {
  const caps = server?.getClientCapabilities();
  // a session that asked for logs hears its calls' log lines, which only a stream can carry
  if (loggingLevelOf(server) !== undefined) return true;
  return caps !== undefined && (caps.sampling !== undefined || caps.elicitation !== undefined || caps.roots !== undefined);
}

/** Does this JSON-RPC request carry a progressToken (its answer must be able to stream)? */
export function wantsProgress(body: unknown): boolean {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const params = (body as { params?: unknown }).params;
  if (params === null || typeof params !== "object") return false;
  const meta = (params as { _meta?: unknown })._meta;
  return meta !== null && typeof meta === "object" && (meta as { progressToken?: unknown }).progressToken !== undefined;
}

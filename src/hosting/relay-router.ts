import { ErrorCode, McpError, type LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import type { CallRelay } from "./call-options";
import { relayServerRequest } from "./server-requests";

interface ActiveCall {
  relay: CallRelay;
  signal: AbortSignal;
}

const HANDLER_OF: Record<string, keyof CallRelay> = {
  "sampling/createMessage": "sampling",
  "elicitation/create": "elicitation",
  "roots/list": "roots",
};

/**
 * Routes the requests a server sends over a connection that does not say which call they
 * belong to (stdio; the SDK client's HTTP path) to the caller of the call in flight. MCP does
 * not tie such a request to a call, so it goes to the one call in flight whose caller can
 * answer that kind of request; when several could, it is refused rather than guessed (use
 * `isolation: "session"` to give each caller its own connection).
 */
export class RelayRouter {
  private readonly active = new Set<ActiveCall>();

  /** Registers a call's relay until the returned function is called. */
  enter(relay: CallRelay | undefined, signal: AbortSignal): () => void {
    if (!relay) return () => undefined;
    const call = { relay, signal };
    this.active.add(call);
    return () => this.active.delete(call);
  }

  /**
   * A log line on a connection that does not say which call it belongs to: to the one call in
   * flight whose caller wants logs; with none or several, it goes nowhere (never to a guess).
   */
  log(params: LoggingMessageNotification["params"]): void {
    const candidates = [...this.active].filter((c) => c.relay.log !== undefined);
    if (candidates.length === 1) candidates[0].relay.log!(params);
  }

  /** Answers (or refuses) one server request; what it throws goes back to the server as the error. */
  async handle(request: { method: string; params?: unknown }): Promise<Record<string, unknown>> {
    const kind = HANDLER_OF[request.method];
    const candidates = [...this.active].filter((c) => kind !== undefined && c.relay[kind] !== undefined);
    if (candidates.length > 1) {
      throw new McpError(ErrorCode.InternalError, `${request.method}: several calls are in flight on this connection; cannot tell which caller to ask`);
    }
    const call = candidates[0];
    return relayServerRequest(request, call?.relay, call?.signal ?? AbortSignal.abort());
  }
}

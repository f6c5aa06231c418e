import type {
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
  ListRootsResult,
  LoggingMessageNotification,
  Progress,
} from "@modelcontextprotocol/sdk/types.js";
import type { CallHangUp } from "./call-hang-up";

/**
 * Answers the requests a hosted server may send while one of its tools runs. Each handler gets
 * the server's request params and a signal that aborts when the call ends; what it returns (or
 * throws, as an McpError) goes back to the server as the answer.
 */
export interface CallRelay {
  /** `sampling/createMessage`. */
  sampling?: (params: CreateMessageRequest["params"], signal: AbortSignal) => Promise<CreateMessageResult>;
  /** `elicitation/create`. */
  elicitation?: (params: ElicitRequest["params"], signal: AbortSignal) => Promise<ElicitResult>;
  /** `roots/list`. */
  roots?: (signal: AbortSignal) => Promise<ListRootsResult>;
  /** `notifications/message`: the server's log lines during this call (absent: not relayed). */
  log?: (params: LoggingMessageNotification["params"]) => void;
}

/** Options of one `HostedServer.callTool`. */
export interface CallOptions {
  /** Aborting it cancels the call: the server gets `notifications/cancelled`, the call rejects with CallCancelledError. */
  signal?: AbortSignal;
  /** Like `signal`, for a caller that may hang up (POST /execute): no AbortSignal is made unless a layer needs one. */
  hangUp?: CallHangUp;
  /** Progress the server reports for this call (a progressToken is sent upstream only when this is set). */
  onProgress?: (progress: Progress) => void;
  /** Where the server's requests during this call go; a request without a handler is refused. */
  relay?: CallRelay;
  /**
   * The caller's session id. With `isolation: "session"` each session gets its own upstream
   * connection (see HostedServer.closeSession); ignored for shared servers.
   */
  session?: string;
  /** Per-call timeout (default: the server's own, else the node's). */
  timeoutMs?: number;
}

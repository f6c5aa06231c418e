import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { AppError, UpstreamError, UpstreamTimeoutError, ValidationError } from "../errors";
import { BodyTooLargeError } from "../util/sse-reader";

/** The server answered with an HTTP status that is neither a result nor an expired session. */
export class UpstreamHttpError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`HTTP ${status}${detail ? `: ${detail.slice(0, 200)}` : ""}`);
  }
}

/** The server no longer knows the session (HTTP 404 on a request with Mcp-Session-Id): nothing ran; open a new session. */
export class SessionExpiredError extends Error {
  constructor() {
    super("the server no longer knows the session");
  }
}

export { CancelledError as CallCancelledError } from "../errors";

/** The server refused the request as a JSON-RPC protocol error (-32600, -32601): the caller's problem, not the server's health. */
export class ServerRejectedError extends AppError {
  readonly status = 400;
  readonly code = "rejected-by-server";
}

/** The server answered with a JSON-RPC error of its own (-32603 and the like): it is alive. */
export class ServerErrorAnswer extends UpstreamError {}

/** A call's failure: what the caller sees, and what it says about the server. */
export interface ClassifiedError {
  error: AppError;
  /** Counts against the circuit breaker: transport failures, timeouts, crashes, oversized answers. */
  failure: boolean;
  /** The connection itself is gone (refused, reset, closed): reconnect before the next call. */
  connectionLost: boolean;
}

/** Turns anything a call may throw into the error the caller sees, and says what it means for the server. */
export function classifyCallError(err: unknown, server: string, timeoutMs: number): ClassifiedError {
  if (err instanceof AppError) return { error: err, failure: false, connectionLost: false };
  if (err instanceof McpError) return classifyRpcError(err, server, timeoutMs);
  if (err instanceof UpstreamHttpError || err instanceof StreamableHTTPError) {
    const status = err instanceof UpstreamHttpError ? err.status : (err.code ?? 0);
    const error = new UpstreamError(`server ${server} refused the call: ${err.message}`, { cause: err });
    return { error, failure: status >= 500 || status === 200, connectionLost: false };
  }
  if (err instanceof BodyTooLargeError) {
    return { error: new UpstreamError(`server ${server}: ${err.message}`, { cause: err }), failure: true, connectionLost: false };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { error: new UpstreamError(`server ${server} could not be reached: ${message}`, { cause: err }), failure: true, connectionLost: true };
}

function classifyRpcError(err: McpError, server: string, timeoutMs: number): ClassifiedError {
  switch (err.code) {
    case ErrorCode.RequestTimeout:
      return { error: new UpstreamTimeoutError(`server ${server} did not answer within ${timeoutMs} ms`, { cause: err }), failure: true, connectionLost: false };
    case ErrorCode.ConnectionClosed:
      return { error: new UpstreamError(`server ${server} closed the connection during the call`, { cause: err }), failure: true, connectionLost: true };
    case ErrorCode.InvalidParams:
      return { error: new ValidationError(`server ${server} rejected the arguments: ${err.message}`, { cause: err }), failure: false, connectionLost: false };
    case ErrorCode.InvalidRequest:
    case ErrorCode.MethodNotFound:
      return { error: new ServerRejectedError(`server ${server} rejected the request: ${err.message}`, { cause: err }), failure: false, connectionLost: false };
    default:
      return { error: new ServerErrorAnswer(`server ${server} answered with an error: ${err.message}`, { cause: err }), failure: false, connectionLost: false };
  }
}

import {
  ErrorCode,
  McpError,
  ProgressNotificationSchema,
  type CallToolResult,
  type JSONRPCMessage,
  type Progress,
} from "@modelcontextprotocol/sdk/types.js";
import { safeParse } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import type { CallHangUp } from "./call-hang-up";
import { FastCallToolResultSchema, isPlainTextResult } from "./call-result-schema";

/**
 * Prefix of the lean calls' request ids. The SDK client numbers its requests 0, 1, 2… and looks
 * answers up by `Number(id)`; a string that starts with a letter is never one of its ids.
 */
export const LEAN_ID_PREFIX = "mcpfed-";

/** Most lean calls in flight on one connection; past it a call takes the SDK client's path. */
export const MAX_LEAN_PENDING = 4096;

/** The stdio connection as the lean calls use it (BoundedStdioTransport). */
export interface LeanWire {
  /** Queues a message for the child without a promise; throws when the connection is closed. */
  write(message: JSONRPCMessage): void;
  readonly isClosed: boolean;
  /** Where a stray answer is reported (the SDK client's onerror once connected). */
  readonly onerror?: (error: Error) => void;
}

/** One lean `tools/call`: its timeout, and how the caller may cancel it or follow its progress. */
export interface LeanCallOptions {
  timeoutMs: number;
  /** Aborting it cancels the call: `notifications/cancelled` upstream, the call rejects. */
  signal?: AbortSignal;
  /** Hanging up cancels the call as `signal` does (listened to with a plain callback). */
  hangUp?: CallHangUp;
  onProgress?: (progress: Progress) => void;
}

interface PendingCall {
  resolve: (result: CallToolResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  /** Removes the hang-up hook. */
  stopHangUp: (() => void) | undefined;
  onProgress: ((progress: Progress) => void) | undefined;
}

/**
 * `tools/call` on a stdio server without the SDK client's Protocol.request: the request goes out
 * on the connection's own transport with an id from the node's own id space, and the transport
 * hands the answer (and progress) for such an id straight here; every other message still goes
 * to the SDK client (server requests such as sampling, logs, list changes, its own answers).
 * What the caller sees is what the SDK client's callTool gives for a tool without an output
 * schema: the same result validation (FastCallToolResultSchema), the same McpError for an error
 * answer, a timeout (RequestTimeout, "Request timed out") and a cancellation that tell the child
 * with `notifications/cancelled`, and a closed connection failing every call at once
 * (ConnectionClosed, "Connection closed"). It saves the SDK's per-request promise executor,
 * timeout bookkeeping, abort listener, send promise and zod parse of the answer.
 */
export class LeanStdioCalls {
  private readonly pending = new Map<string, PendingCall>();
  private seq = 0;

  constructor(private readonly wire: LeanWire) {}

  /** False when the connection already has MAX_LEAN_PENDING lean calls in flight. */
  get hasRoom(): boolean {
    return this.pending.size < MAX_LEAN_PENDING;
  }

  /** Calls `tool` with `args`; rejects with the error the SDK client's callTool would give. */
  call(tool: string, args: Record<string, unknown>, options: LeanCallOptions): Promise<CallToolResult> {
    return new Promise<CallToolResult>((resolve, reject) => {
      // the SDK client's answer once its transport is gone
      if (this.wire.isClosed) return reject(new Error("Not connected"));
      const { signal, hangUp, onProgress, timeoutMs } = options;
      if (signal?.aborted) return reject(signal.reason as Error);
      if (hangUp?.aborted) return reject(hangUp.reason);
      const id = `${LEAN_ID_PREFIX}${++this.seq}`;
      const call: PendingCall = { resolve, reject, timer: undefined, signal, onAbort: undefined, stopHangUp: undefined, onProgress };
      this.pending.set(id, call);
      call.timer = setTimeout(() => this.cancel(id, McpError.fromError(ErrorCode.RequestTimeout, "Request timed out", { timeout: timeoutMs })), timeoutMs);
      if (signal) {
        call.onAbort = () => this.cancel(id, signal.reason);
        signal.addEventListener("abort", call.onAbort, { once: true });
      }
      if (hangUp) call.stopHangUp = hangUp.onHangUp(() => this.cancel(id, hangUp.reason));
      const params = onProgress ? { name: tool, arguments: args, _meta: { progressToken: id } } : { name: tool, arguments: args };
      try {
        this.wire.write({ jsonrpc: "2.0", id, method: "tools/call", params });
      } catch (err) {
        this.forget(id, call);
        reject(err as Error);
      }
    });
  }

  /**
   * Takes a message the child wrote when it belongs to a lean call (its answer, or progress for
   * it) and returns true; returns false for every other message (it goes to the SDK client).
   */
  take(message: JSONRPCMessage): boolean {
    if ("method" in message) return message.method === "notifications/progress" && !("id" in message) && this.progress(message);
    const id = "id" in message ? message.id : undefined;
    if (typeof id !== "string" || !id.startsWith(LEAN_ID_PREFIX)) return false;
    const call = this.pending.get(id);
    if (!call) {
      // answered after its timeout or cancellation: dropped, as the SDK client drops one
      this.wire.onerror?.(new Error(`Received a response for an unknown message ID: ${JSON.stringify(message)}`));
      return true;
    }
    this.forget(id, call);
    if ("result" in message) settleResult(call, message.result);
    else if ("error" in message) call.reject(McpError.fromError(message.error.code, message.error.message, message.error.data));
    return true;
  }

  /** The connection closed: every lean call in flight fails at once, as the SDK client's do. */
  closed(): void {
    if (this.pending.size === 0) return;
    const calls = [...this.pending.entries()];
    this.pending.clear();
    const error = McpError.fromError(ErrorCode.ConnectionClosed, "Connection closed");
    for (const [id, call] of calls) {
      this.forget(id, call);
      call.reject(error);
    }
  }

  private progress(message: JSONRPCMessage): boolean {
    const token = (message as { params?: { progressToken?: unknown } }).params?.progressToken;
    if (typeof token !== "string" || !token.startsWith(LEAN_ID_PREFIX)) return false;
    const call = this.pending.get(token);
    // the SDK client validates progress with its schema and drops what does not parse
    const parsed = ProgressNotificationSchema.safeParse(message);
    if (!parsed.success) this.wire.onerror?.(new Error(`Invalid progress notification: ${parsed.error.message}`));
    else if (call?.onProgress) {
      const { progressToken: _token, ...progress } = parsed.data.params;
      call.onProgress(progress as Progress);
    } else this.wire.onerror?.(new Error(`Received a progress notification for an unknown token: ${JSON.stringify(message)}`));
    return true;
  }

  /** Ends a call that has not been answered: the child is told, the caller gets `reason`. */
  private cancel(id: string, reason: unknown): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.forget(id, call);
    try {
      this.wire.write({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason: String(reason) } });
    } catch {
      // the connection is gone: the child has nothing left to cancel
    }
    call.reject(reason instanceof McpError ? reason : new McpError(ErrorCode.RequestTimeout, String(reason)));
  }

  private forget(id: string, call: PendingCall): void {
    this.pending.delete(id);
    clearTimeout(call.timer);
    if (call.onAbort) call.signal?.removeEventListener("abort", call.onAbort);
    call.stopHangUp?.();
  }
}

/** The answer validated as the SDK client validates it with FastCallToolResultSchema (its parse, its error). */
function settleResult(call: PendingCall, result: unknown): void {
  if (isPlainTextResult(result)) return call.resolve(result);
  const parsed = safeParse(FastCallToolResultSchema, result);
  if (parsed.success) call.resolve(parsed.data);
  else call.reject(parsed.error as Error);
}

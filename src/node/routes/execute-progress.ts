import type { ServerResponse } from "node:http";
import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";
import { PeerProblemError } from "../../engine";
import { isAppError } from "../../errors";
import { buildProblem, problemType, type ProblemDetails } from "../error-middleware";

/**
 * POST /execute for a caller that accepts `text/event-stream`: the first progress report turns
 * the answer into an event stream (`event: progress` each, then `event: result` with
 * `{result}` or `event: error` with the problem). A call that reports no progress is answered
 * as plain JSON, exactly as for any other caller, so nothing changes for those that never asked.
 */
export class ProgressStream {
  private open = false;

  constructor(private readonly res: ServerResponse) {}

  /** Whether the answer already is an event stream. */
  get started(): boolean {
    return this.open;
  }

  /** The call's onProgress. */
  readonly progress = (p: Progress): void => {
    if (this.res.writableEnded || this.res.destroyed) return;
    if (!this.open) {
      this.open = true;
      this.res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no" });
    }
    this.res.write(`event: progress\ndata: ${JSON.stringify({ progress: p.progress, total: p.total, message: p.message })}\n\n`);
  };

  result(result: CallToolResult, signature?: string): void {
    this.res.end(`event: result\ndata: ${JSON.stringify(signature === undefined ? { result } : { result, signature })}\n\n`);
  }

  error(err: unknown): void {
    this.res.end(`event: error\ndata: ${JSON.stringify(problemOf(err))}\n\n`);
  }
}

function problemOf(err: unknown): ProblemDetails {
  if (err instanceof PeerProblemError) return { type: problemType("peer-problem"), title: "Error", ...err.problem, status: err.status };
  if (!isAppError(err)) return buildProblem(500, "internal", "An unexpected error occurred.");
  const problem = buildProblem(err.status, err.code, err.message);
  if (err.errors) problem.errors = err.errors;
  return problem;
}

import type { RequestHandler } from "express";
import { HOP_HEADER } from "../../engine";
import type { ExecuteService } from "../../execution/execute-service";
import { principalOf, requireScope } from "../auth";
import { sendJson } from "../error-middleware";
import { handle } from "../handle";
import { parseExecuteBody } from "../execute-body";
import { ProgressStream } from "./execute-progress";
import type { Trust } from "../../trust/trust-wiring";

/**
 * POST /execute: `{mcp_name, args?, kwargs?}` → `{result}` (an MCP CallToolResult).
 * The handlers use only the plain node request/response API: the hot path serves them without
 * Express's router (see fast-routes.ts).
 */
export function executeHandlers({ execute, signAnswer }: { execute: ExecuteService; signAnswer?: Trust["signAnswer"] }): RequestHandler[] {
  return [
    requireScope("execute"),
    handle({}, async (_input, req, res) => {
      const body = parseExecuteBody(req.body);
      // the caller hanging up cancels the call upstream (and the record says cancelled)
      const hangUp = new AbortController();
      res.once("close", () => {
        if (!res.writableFinished) hangUp.abort();
      });
      // progress is streamed only to callers that accept an event stream (see execute-progress.ts)
      const stream = String(req.headers.accept ?? "").includes("text/event-stream") ? new ProgressStream(res) : undefined;
      try {
        const forwarded = req.headers[HOP_HEADER] !== undefined;
        const result = await execute.execute(body, { forwarded, signal: hangUp.signal, onProgress: stream?.progress, principal: principalOf(res).id });
        // a partner's forwarded call gets the answer signed, so it can check it came from this node
        const signature = forwarded && signAnswer ? await signAnswer({ tool: body.mcp_name, args: body.kwargs ?? body.args ?? {}, result }) : undefined;
        if (stream?.started) stream.result(result, signature);
        else sendJson(res, 200, signature === undefined ? { result } : { result, signature });
      } catch (err) {
        if (!stream?.started) throw err;
        stream.error(err);
      }
    }),
  ];
}

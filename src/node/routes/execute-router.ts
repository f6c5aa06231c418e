import type { RequestHandler } from "express";
import { HOP_HEADER } from "../../engine";
import type { ExecuteService } from "../../execution/execute-service";
import { principalOf, requireScope } from "../auth";
import { sendJson } from "../error-middleware";
import { handle } from "../handle";
import { ExecuteBodySchema } from "../schemas";
import { ProgressStream } from "./execute-progress";
import type { Trust } from "../../trust/trust-wiring";
import { CACHE_META } from "../../cache/call-gate";

/**
 * POST /execute: `{mcp_name, args?, kwargs?}` → `{result}` (an MCP CallToolResult).
 * The handlers use only the plain node request/response API: the hot path serves them without
 * Express's router (see fast-routes.ts).
 */
export function executeHandlers({ execute, signAnswer }: { execute: ExecuteService; signAnswer?: Trust["signAnswer"] }): RequestHandler[] {
  return [
    requireScope("execute"),
    handle({ body: ExecuteBodySchema }, async ({ body }, req, res) => {
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
        const cached = result._meta?.[CACHE_META];
        if ((cached === "hit" || cached === "miss") && !res.headersSent) res.setHeader("X-Cache", cached);
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

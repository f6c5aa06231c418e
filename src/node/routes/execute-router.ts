import type { RequestHandler } from "express";
import { HOP_HEADER } from "../../engine";
import type { ExecuteService } from "../../execution/execute-service";
import { requireScope } from "../auth";
import { sendJson } from "../error-middleware";
import { handle } from "../handle";
import { ExecuteBodySchema } from "../schemas";
import { ProgressStream } from "./execute-progress";

/**
 * POST /execute: `{mcp_name, args?, kwargs?}` → `{result}` (an MCP CallToolResult).
 * The handlers use only the plain node request/response API: the hot path serves them without
 * Express's router (see fast-routes.ts).
 */
export function executeHandlers({ execute }: { execute: ExecuteService }): RequestHandler[] {
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
        const result = await execute.execute(body, { forwarded: req.headers[HOP_HEADER] !== undefined, signal: hangUp.signal, onProgress: stream?.progress });
        if (stream?.started) stream.result(result);
        else sendJson(res, 200, { result });
      } catch (err) {
        if (!stream?.started) throw err;
        stream.error(err);
      }
    }),
  ];
}

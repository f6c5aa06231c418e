import type { RequestHandler } from "express";
import { HOP_HEADER } from "../../engine";
import type { ExecuteService } from "../../execution/execute-service";
import { servedByHeader } from "../../execution/served-by";
import { principalOf, requireScope } from "../auth";
import { sendJson } from "../error-middleware";
import { parseExecuteBody } from "../execute-body";
import { ProgressStream } from "./execute-progress";
import type { Trust } from "../../trust/trust-wiring";
import type { ToolCatalog } from "../../catalog/tool-catalog";
import { TOOL_DIGEST_HEADER, ToolDefinitionChangedError, ToolDigestSchema } from "../../trust/tool-digest";
import { ValidationError } from "../../errors";
import { entryDigest } from "./discover-router";
import { CACHE_META } from "../../cache/call-gate";
import { CallHangUp } from "../../hosting/call-hang-up";

/**
 * POST /execute: `{mcp_name, args?, kwargs?}` → `{result}` (an MCP CallToolResult).
 * The handlers use only the plain node request/response API: the hot path serves them without
 * Express's router (see fast-routes.ts).
 */
export function executeHandlers({ execute, signAnswer, catalog }: { execute: ExecuteService; signAnswer?: Trust["signAnswer"]; catalog?: ToolCatalog }): RequestHandler[] {
  return [
    requireScope("execute"),
    // the handler itself (no handle() wrapper: it validates nothing here, parseExecuteBody does)
    (async (req, res) => {
      const body = parseExecuteBody(req.body);
      // the caller hanging up cancels the call upstream (and the record says cancelled)
      // (a CallHangUp, not an AbortController: no signal is made unless a layer needs one)
      const hangUp = new CallHangUp();
      res.once("close", () => {
        if (!res.writableFinished) hangUp.hangUp();
      });
      // progress is streamed only to callers that accept an event stream (see execute-progress.ts)
      const stream = String(req.headers.accept ?? "").includes("text/event-stream") ? new ProgressStream(res) : undefined;
      try {
        const forwarded = req.headers[HOP_HEADER] !== undefined;
        const principal = principalOf(res).id;
        // a partner names the definition its signed catalog holds: a changed one is refused before it runs
        // (only for a tool its policy lets it call: a denied caller gets the policy's 403 and learns nothing of the tool)
        const checked = forwarded && signAnswer && catalog && execute.policy?.allows(body.mcp_name, principal) !== false;
        const definition = checked ? checkDefinition(catalog, body.mcp_name, req.headers[TOOL_DIGEST_HEADER]) : undefined;
        const result = await execute.execute(body, { forwarded, hangUp, onProgress: stream?.progress, principal });
        servedByHeader(result, res);
        const cached = result._meta?.[CACHE_META];
        if ((cached === "hit" || cached === "miss") && !res.headersSent) res.setHeader("X-Cache", cached);
        // a partner's forwarded call gets the answer signed, so it can check it came from this node
        const signature = forwarded && signAnswer ? await signAnswer({ tool: body.mcp_name, args: body.kwargs ?? body.args ?? {}, result, definition }) : undefined;
        if (stream?.started) stream.result(result, signature);
        else sendJson(res, 200, signature === undefined ? { result } : { result, signature });
      } catch (err) {
        if (!stream?.started) throw err;
        stream.error(err);
      }
    }) satisfies RequestHandler,
  ];
}

/**
 * The digest of the definition a forwarded call runs against, when the caller named the one it
 * holds signed; throws (409) when they differ, so a changed tool never runs for that caller.
 */
function checkDefinition(catalog: ToolCatalog, name: string, expected: string | string[] | undefined): string | undefined {
  if (expected === undefined) return undefined;
  if (typeof expected !== "string" || !ToolDigestSchema.safeParse(expected).success) throw new ValidationError(`${TOOL_DIGEST_HEADER} must be one SHA-256 digest (base64url)`);
  const entry = catalog.get(name)?.entry;
  if (!entry) return undefined; // not here: the execute service answers 404
  const current = entryDigest(entry);
  if (current !== expected) throw new ToolDefinitionChangedError(`the definition of ${name} changed since the catalog you hold was signed; sync the catalog again`);
  return current;
}

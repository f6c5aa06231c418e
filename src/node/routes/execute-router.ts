import type { IRouter } from "express";
import { HOP_HEADER } from "../../engine";
import type { ExecuteService } from "../../execution/execute-service";
import { requireScope } from "../auth";
import { handle } from "../handle";
import { ExecuteBodySchema } from "../schemas";

/** POST /execute: `{mcp_name, args?, kwargs?}` → `{result}` (an MCP CallToolResult). */
export function executeRouter({ execute }: { execute: ExecuteService }, router: IRouter): void {
  router.post(
    "/execute",
    requireScope("execute"),
    handle({ body: ExecuteBodySchema }, async ({ body }, req, res) => {
      const result = await execute.execute(body, { forwarded: req.headers[HOP_HEADER] !== undefined });
      res.json({ result });
    }),
  );
}

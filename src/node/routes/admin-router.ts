import type { IRouter } from "express";
import { z } from "zod";
import type { AuditPort } from "../../store/ports";
import { principalOf, requireScope } from "../auth";
import { handle } from "../handle";

const AuditQuery = z
  .object({
    limit: z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(1000)).default(100),
    action: z.string().regex(/^[a-z-]{1,32}$/).optional(),
    since: z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)).optional(),
  })
  .strict();

export interface AdminDeps {
  audit: Pick<AuditPort, "list">;
  /** Re-reads tokens and mcpServers; throws a ValidationError listing problems. */
  reload: (actor: string) => Promise<Record<string, unknown>>;
}

/** GET /audit and POST /admin/reload (admin scope). */
export function adminRouter({ audit, reload }: AdminDeps, router: IRouter): void {
  router.get(
    "/audit",
    requireScope("admin"),
    handle({ query: AuditQuery }, async ({ query }, _req, res) => {
      res.json(await audit.list({ limit: query.limit, action: query.action, since: query.since }));
    }),
  );
  router.post("/admin/reload", requireScope("admin"), async (_req, res) => {
    res.json(await reload(principalOf(res).id));
  });
}

import type { IRouter } from "express";
import { z } from "zod";
import type { AuditEvent } from "../../store/audit-store";
import { principalOf, requireScope } from "../auth";
import { handle } from "../handle";

const InvalidateBody = z
  .object({ tags: z.array(z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, "tags are 1-64 of A-Z a-z 0-9 . _ : -")).min(1).max(100) })
  .strict();

export interface CacheRouterDeps {
  /** Drops the cached answers carrying any of `tags`; returns how many. */
  invalidate: (tags: readonly string[]) => number;
  audit?: (event: AuditEvent) => void;
}

/** POST /admin/cache/invalidate `{ tags }` (admin scope) → `{ invalidated }`. */
export function cacheRouter({ invalidate, audit }: CacheRouterDeps, router: IRouter): void {
  router.post(
    "/admin/cache/invalidate",
    requireScope("admin"),
    handle({ body: InvalidateBody }, async ({ body }, _req, res) => {
      const invalidated = invalidate(body.tags);
      audit?.({ actor: principalOf(res).id, action: "cache-invalidate", target: body.tags.join(","), outcome: "invalidated", detail: String(invalidated) });
      res.json({ invalidated });
    }),
  );
}

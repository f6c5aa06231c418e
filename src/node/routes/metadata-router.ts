import type { IRouter } from "express";
import type { PerformanceRecorder } from "../../metrics/performance-recorder";
import type { RecordsPort } from "../../store/ports";
import { principalOf, requireScope } from "../auth";
import { handle } from "../handle";
import { MetadataBatchSchema, MetadataQuerySchema } from "../schemas";

export interface MetadataDeps {
  recorder: PerformanceRecorder;
  records: Pick<RecordsPort, "list">;
}

/** POST /metadata (a batch, stored whole or not at all) and GET /metadata (newest first). */
export function metadataRouter({ recorder, records }: MetadataDeps, router: IRouter): void {
  router.post(
    "/metadata",
    requireScope("metadata:write"),
    handle({ body: MetadataBatchSchema }, async ({ body }, _req, res) => {
      // Committed (one transaction) before the 204 is written.
      await recorder.ingest(body, principalOf(res).id);
      res.status(204).end();
    }),
  );
  router.get(
    "/metadata",
    requireScope("metadata:read"),
    handle({ query: MetadataQuerySchema }, async ({ query }, _req, res) => {
      const rows = await records.list({ limit: query.limit, since: query.since, mcpName: query.mcp_name });
      res.json(
        rows.map((r) => ({
          mcp_name: r.mcp_name,
          success: r.success,
          latency_ms: r.latency_ms,
          cost: r.cost,
          ts: new Date(r.ts).toISOString(),
          source: r.source,
          error_class: r.error_class,
        })),
      );
    }),
  );
}

import { createHash, randomBytes } from "node:crypto";
import type { IRouter } from "express";
import type { ToolCatalog } from "../../catalog/tool-catalog";
import type { CatalogEntry } from "../../store/catalog-store";
import { requireScope } from "../auth";
import { handle } from "../handle";
import { DiscoverQuerySchema } from "../schemas";

/** What partners see of a catalog entry. */
export function toDiscoverItem(e: CatalogEntry) {
  return {
    name: e.name,
    description: e.description,
    version: e.version,
    server: e.server,
    tags: e.tags,
    capabilities: e.capabilities,
    inputSchema: e.inputSchema,
    executable: e.executable,
  };
}

export interface DiscoverDeps {
  catalog: ToolCatalog;
}

/**
 * GET /discover. The ETag is derived from the catalog revision and the query, so a client
 * polling an unchanged catalog gets a 304 without the node building the list.
 */
export function discoverRouter({ catalog }: DiscoverDeps, router: IRouter): void {
  const boot = randomBytes(6).toString("hex");
  router.get(
    "/discover",
    requireScope("discover"),
    handle({ query: DiscoverQuerySchema }, ({ query }, req, res) => {
      const key = JSON.stringify([query.q, query.tag, query.capability, query.scope, query.limit]);
      const etag = `W/"${boot}-${catalog.revision}-${createHash("sha1").update(key).digest("hex").slice(0, 12)}"`;
      res.setHeader("ETag", etag);
      res.setHeader("Cache-Control", "private, no-cache");
      if (matchesEtag(req.headers["if-none-match"], etag)) {
        res.status(304).end();
        return;
      }
      res.json(catalog.list(query).map(toDiscoverItem));
    }),
  );
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
}

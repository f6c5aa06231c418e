import { createHash, randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import type { ToolCatalog } from "../../catalog/tool-catalog";
import type { RankedTool, RankOptions } from "../../engine";
import type { CatalogEntry } from "../../store/catalog-store";
import type { PolicyTable } from "../../policy/policy";
import { principalOf, requireScope } from "../auth";
import { sendJson } from "../error-middleware";
import { handle } from "../handle";
import { DiscoverQuerySchema } from "../schemas";
import { CATALOG_SIGNATURE_HEADER } from "../../trust/signed-catalog";
import { toolDigest, verdictOf, type PublishedReport } from "../../trust/tool-digest";

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
    // part of the definition a partner's signed digest covers (src/trust/tool-digest.ts)
    ...(e.definition?.annotations ? { annotations: e.definition.annotations as Record<string, unknown> } : {}),
    ...(e.definition?.outputSchema ? { outputSchema: e.definition.outputSchema as Record<string, unknown> } : {}),
  };
}

/** A federated entry: the local shape plus its ranking. */
export function toFederatedItem(t: RankedTool) {
  return {
    name: t.id,
    description: t.description,
    version: t.version,
    server: t.host === null ? t.id.slice(0, Math.max(0, t.id.indexOf("."))) : t.name.split(".")[0],
    tags: t.tags,
    capabilities: t.capabilities,
    inputSchema: t.inputSchema,
    executable: t.executable,
    host: t.host,
    stale: t.stale,
    front: t.front,
    objectives: t.objectives,
    ...(t.governance ? { governance: t.governance } : {}),
  };
}

export interface DiscoverDeps {
  catalog: ToolCatalog;
  federation: { readonly revision: number; rank(options: RankOptions): RankedTool[] };
  /** Signs the local catalog partners pull (src/trust/signed-catalog); unsigned when absent. */
  signCatalog?: (entries: readonly unknown[], seq: number) => Promise<string>;
  /** Tools a policy denies the caller's token are left out of every scope. */
  policy?: PolicyTable;
  /** The reports of published registrations: their verdicts are signed into the catalog with each tool's digest. */
  verdicts?: () => Promise<ReadonlyMap<string, PublishedReport>>;
}

/**
 * GET /discover. The ETag is derived from the catalog (and, for scope=federated, the engine)
 * revision and the query, so a client polling an unchanged catalog gets a 304 without the
 * node building the list.
 */
export function discoverHandlers({ catalog, federation, signCatalog, policy, verdicts }: DiscoverDeps): RequestHandler[] {
  const boot = randomBytes(6).toString("hex");
  // publishing or unpublishing changes the catalog, so its revision keys the verdicts read from the store
  let known: { revision: number; reports: Promise<ReadonlyMap<string, PublishedReport>> } | undefined;
  const reportsNow = () => {
    if (!verdicts) return Promise.resolve(new Map<string, PublishedReport>());
    if (known?.revision !== catalog.revision) {
      const revision = catalog.revision;
      known = {
        revision,
        reports: verdicts().catch((err: unknown) => {
          if (known?.revision === revision) known = undefined; // a failed read is not kept
          throw err;
        }),
      };
    }
    return known.reports;
  };
  return [
    requireScope("discover"),
    handle({ query: DiscoverQuerySchema }, async ({ query }, req, res) => {
      const federated = query.scope === "federated";
      // a query's order follows the engine's observations too, not only the catalog
      const searched = query.q !== undefined && query.q.trim() !== "";
      const revision = federated || searched ? `${catalog.revision}.${federation.revision}` : String(catalog.revision);
      // with policies the list depends on the token: its id is part of the ETag's key
      const principal = policy && !policy.empty ? principalOf(res).id : undefined;
      const visible = (id: string) => principal === undefined || (policy as PolicyTable).allows(id, principal);
      const key = JSON.stringify([query.q, query.tag, query.capability, query.scope, query.limit, principal, policy?.revision]);
      // filtered lists are cut to the limit after the filter, so a denied tool takes no place
      const cap = principal === undefined ? query.limit : Number.MAX_SAFE_INTEGER;
      const etag = `W/"${boot}-${revision}-${createHash("sha1").update(key).digest("hex").slice(0, 12)}"`;
      res.setHeader("ETag", etag);
      res.setHeader("Cache-Control", "private, no-cache");
      if (matchesEtag(req.headers["if-none-match"], etag)) {
        res.statusCode = 304;
        res.end();
        return;
      }
      if (federated) {
        const ranked = federation.rank({ query: query.q, tag: query.tag, capability: query.capability, limit: cap });
        sendJson(res, 200, ranked.filter((r) => visible(r.id)).slice(0, query.limit).map(toFederatedItem));
        return;
      }
      if (searched) {
        // the same search index as scope=federated and search_tools, over this node's tools only
        const ranked = federation.rank({ query: query.q, tag: query.tag, capability: query.capability, limit: cap, localOnly: true });
        sendJson(res, 200, ranked.flatMap((r) => (visible(r.id) ? (catalog.get(r.id)?.entry ?? []) : [])).slice(0, query.limit).map(toDiscoverItem));
        return;
      }
      const entries = catalog.list({ ...query, limit: cap }).filter((e) => visible(e.name)).slice(0, query.limit);
      if (!signCatalog) {
        sendJson(res, 200, entries.map(toDiscoverItem));
        return;
      }
      // each entry carries its definition's digest and this node's verdict, and the array partners
      // pull is signed as it is served: whatever alters either in between is detected (ADR 0031)
      const items = withDigests(entries, await reportsNow());
      res.setHeader(CATALOG_SIGNATURE_HEADER, await signCatalog(items, catalog.revision));
      sendJson(res, 200, items);
    }),
  ];
}

/** The digest of an entry's definition as served; computed once per catalog entry object (entries are replaced, never changed). */
const digests = new WeakMap<CatalogEntry, string>();
export function entryDigest(e: CatalogEntry): string {
  let digest = digests.get(e);
  if (digest === undefined) {
    digest = toolDigest(toDiscoverItem(e));
    digests.set(e, digest);
  }
  return digest;
}

function withDigests(entries: readonly CatalogEntry[], reports: ReadonlyMap<string, PublishedReport>) {
  return entries.map((e) => ({ ...toDiscoverItem(e), digest: entryDigest(e), governance: verdictOf(e, reports) }));
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
}

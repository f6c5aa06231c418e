import { z } from "zod";
import type { RegistryEntry } from "./registry-entries";

/** `GET /v0.1/servers` parameters, as the official OpenAPI names them. */
export const ListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(30),
    cursor: z.string().max(1024).optional(),
    search: z.string().max(200).optional(),
    updated_since: z.iso.datetime({ offset: true }).optional(),
    version: z.string().min(1).max(255).optional(),
  })
  .strict();

export type ListQuery = z.output<typeof ListQuerySchema>;

/** The order of the list and the key a cursor holds: name, then the partner's host. */
const keyOf = (e: RegistryEntry) => `${e.server.name}\u0000${String(e._meta["io.mcpfed/host"] ?? "")}`;

const encodeCursor = (key: string) => Buffer.from(key, "utf8").toString("base64url");
const decodeCursor = (cursor: string) => Buffer.from(cursor, "base64url").toString("utf8");

const updatedAt = (e: RegistryEntry) => {
  const official = e._meta["io.modelcontextprotocol.registry/official"] as { updatedAt?: string } | undefined;
  return official?.updatedAt ? Date.parse(official.updatedAt) : undefined;
};

/**
 * One page of the list: sorted by name (byte order), filtered by a case-insensitive substring of
 * the name (or title or description), by update time and by version (`latest` keeps every entry:
 * the node publishes one version per server), cut after the cursor's key.
 */
export function listPage(entries: readonly RegistryEntry[], q: ListQuery): { servers: RegistryEntry[]; metadata: { count: number; nextCursor?: string } } {
  const search = q.search?.toLowerCase();
  const since = q.updated_since ? Date.parse(q.updated_since) : undefined;
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const matching = entries
    .filter((e) => !search || [e.server.name, e.server.title ?? "", e.server.description].some((t) => t.toLowerCase().includes(search)))
    .filter((e) => since === undefined || (updatedAt(e) ?? 0) >= since)
    .filter((e) => !q.version || q.version === "latest" || e.server.version === q.version)
    .map((e) => [keyOf(e), e] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([k]) => after === undefined || k > after);
  const page = matching.slice(0, q.limit);
  const more = matching.length > page.length;
  return {
    servers: page.map(([, e]) => e),
    metadata: { count: page.length, ...(more ? { nextCursor: encodeCursor(page[page.length - 1][0]) } : {}) },
  };
}

/** The entries of one server name (several when partners share a namespace, which they should not). */
export function byName(entries: readonly RegistryEntry[], name: string): RegistryEntry[] {
  return entries.filter((e) => e.server.name === name).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
}

import { z } from "zod";
import { parseDuration } from "../config/duration";

/** A time to live: "30s", "10m", "1h" or milliseconds; at least 1 ms, at most a day. */
export const TtlSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined || ms < 1 || ms > 86_400_000) {
    ctx.addIssue({ code: "custom", message: `not a cache ttl: ${String(value)} (use 30s, 10m, 1h; at most 1d)` });
    return z.NEVER;
  }
  return ms;
});

const Tags = z.array(z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, "tags are 1-64 of A-Z a-z 0-9 . _ : -")).max(50);

/** `mcpServers.<name>.cache`: caches that server's tools annotated `readOnlyHint: true`. */
export const ServerCacheSchema = z.object({ ttl: TtlSchema }).strict();

/** One `cache.tools` rule: the tools its glob matches are cached whatever their annotations. */
export const ToolCacheRuleSchema = z.object({ ttl: TtlSchema, tags: Tags.optional() }).strict();

/** The top-level `cache`: explicit tool globs and the memory bounds of the result cache. */
export const CacheConfigSchema = z
  .object({
    tools: z.record(z.string().min(1).max(500), ToolCacheRuleSchema).default({}),
    /** Entries kept at most (least recently used go first). */
    maxEntries: z.number().int().positive().max(1_000_000).default(10_000),
    /** Bytes of serialized results kept at most; a larger single result is not cached. */
    maxBytes: z.number().int().positive().max(4_294_967_296).default(64 * 1024 * 1024),
  })
  .strict();

export type CacheConfig = z.infer<typeof CacheConfigSchema>;
export type ToolCacheRule = z.infer<typeof ToolCacheRuleSchema>;

import { z } from "zod";
import { depthExceeds } from "../net/json-depth";
import { ToolDigestSchema, ToolVerdictSchema, toolDigest } from "../trust/tool-digest";

/** One entry of a peer's /discover answer, validated strictly enough to be safe to serve. */
export const RemoteEntrySchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/),
  description: z.string().max(10_000).default(""),
  version: z.string().max(64).default("0.0.0"),
  server: z.string().max(128).optional(),
  tags: z.array(z.string().max(64)).max(64).default([]),
  capabilities: z.array(z.string().max(64)).max(64).default([]),
  inputSchema: z.record(z.string(), z.unknown()).default({ type: "object" }),
  executable: z.boolean().default(true),
  annotations: z.record(z.string(), z.unknown()).optional(),
  outputSchema: z.record(z.string(), z.unknown()).optional(),
  /** Signed digest of the definition (partners that predate per-tool digests send none). */
  digest: ToolDigestSchema.optional(),
  /** The publisher's governance verdict, signed with the catalog. */
  governance: ToolVerdictSchema.optional().catch(undefined),
});
export type RemoteEntry = z.infer<typeof RemoteEntrySchema>;

/**
 * Entries whose definition does not hash to the digest they carry (name → reason). The whole
 * array is signed, so this catches a publisher whose digests and definitions disagree; entries
 * without a digest (older partners) are left as they are.
 */
export function digestMismatches(entries: readonly RemoteEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) if (e.digest !== undefined && toolDigest(e) !== e.digest) out.set(e.name, "definition does not match its signed digest");
  return out;
}

/** One performance record served by a peer's GET /metadata. */
export const RemoteRecordSchema = z.object({
  mcp_name: z.string().min(1).max(300),
  success: z.boolean(),
  latency_ms: z.number().finite().nonnegative(),
  cost: z.number().finite().nullable().optional(),
  ts: z.string().refine((s) => !Number.isNaN(Date.parse(s))),
  source: z.string().optional(),
});
export type RemoteRecord = z.infer<typeof RemoteRecordSchema>;

/**
 * Parses leniently: anything but an array is an error; within the array each item is validated
 * on its own and bad ones are dropped and counted, never fatal. Entries beyond `maxEntries`,
 * and entries nested deeper than MAX_JSON_DEPTH (schemas that would exhaust the stack when
 * compiled or serialized), are dropped too.
 */
export function parseLenient<T>(schema: z.ZodType<T>, body: unknown, maxEntries: number): { items: T[]; dropped: number } {
  if (!Array.isArray(body)) throw new Error("expected a JSON array");
  const items: T[] = [];
  let dropped = Math.max(0, body.length - maxEntries);
  for (const raw of body.slice(0, maxEntries)) {
    if (depthExceeds(raw)) {
      dropped++;
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) items.push(parsed.data);
    else dropped++;
  }
  return { items, dropped };
}

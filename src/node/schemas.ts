import { z } from "zod";

/** Tool names, optionally `name@host` for a federated tool. */
export const TOOL_NAME = /^[A-Za-z0-9._-]{1,128}$/;
export const FEDERATED_NAME = /^[A-Za-z0-9._-]{1,128}(@[A-Za-z0-9.-]{1,253}(:\d{1,5})?)?$/;

export const McpNameSchema = z.string().regex(FEDERATED_NAME, "tool names match [A-Za-z0-9._-]{1,128}, optionally @host[:port]");

const IntText = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const DiscoverQuerySchema = z
  .object({
    q: z.string().max(256).optional(),
    tag: z.string().min(1).max(64).optional(),
    capability: z.string().min(1).max(64).optional(),
    scope: z.enum(["local", "federated"]).default("local"),
    limit: IntText(1, 1000).default(1000),
  })
  .strict();
export type DiscoverQuery = z.infer<typeof DiscoverQuerySchema>;

export const ExecuteBodySchema = z
  .object({
    mcp_name: McpNameSchema,
    args: z.array(z.unknown()).max(64).optional(),
    kwargs: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const MetadataRecordSchema = z
  .object({
    mcp_name: McpNameSchema,
    success: z.boolean(),
    latency_ms: z.number().finite().nonnegative().max(86_400_000),
    cost: z.number().finite().nonnegative().nullable().optional(),
  })
  .strict();
export const MetadataBatchSchema = z.array(MetadataRecordSchema).min(1).max(1000);

export const MetadataQuerySchema = z
  .object({
    limit: IntText(1, 5000).default(500),
    since: z.iso.datetime({ offset: true })
      .transform((s) => Date.parse(s))
      .optional(),
    mcp_name: McpNameSchema.optional(),
  })
  .strict();

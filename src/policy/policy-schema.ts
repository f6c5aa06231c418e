import { z } from "zod";

/**
 * One routing rule (`policies[]`): `match` is a glob over registry ids (`ext.*`,
 * `*@partner.example`), `tokens` globs over token ids (every token when absent).
 */
export const PolicyRuleSchema = z
  .object({
    match: z.string().min(1).max(500),
    tokens: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
    action: z.enum(["allow", "deny"]),
    priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  })
  .strict();

export const PoliciesSchema = z.array(PolicyRuleSchema).max(10_000);

export type PolicyRule = z.infer<typeof PolicyRuleSchema>;
export type PolicyRuleInput = z.input<typeof PolicyRuleSchema>;

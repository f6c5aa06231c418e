import { z } from "zod";

/** One budget: calls a minute. */
export const PerMinuteSchema = z.object({ perMinute: z.number().int().positive().max(10_000_000) }).strict();

/**
 * The call limits added to `limits` (next to `requestsPerMinute` and `registerPerMinute`):
 * - `tools`: glob over registry ids (`ext.*`, `app.search`, `*@partner.example`) → one budget
 *   per rule, shared by every tool the glob matches and every caller (it protects the upstream);
 * - `tokens`: glob over token ids → each matching token gets its own budget of tool calls;
 * - `ipPerMinute`: requests a minute per client address on requests that carry no credentials.
 */
export const callLimitsShape = {
  tools: z.record(z.string().min(1).max(500), PerMinuteSchema).default({}),
  tokens: z.record(z.string().min(1).max(200), PerMinuteSchema).default({}),
  ipPerMinute: z.number().int().positive().max(10_000_000).optional(),
};

export const CallLimitsSchema = z.object(callLimitsShape);
export type CallLimitsConfig = z.infer<typeof CallLimitsSchema>;

import { z } from "zod";

/** A registry id a call can name: `server.tool` (local) or `name@host` (a peer's). */
export const TOOL_ID = /^[A-Za-z0-9._-]{1,128}(@[A-Za-z0-9.-]{1,253}(:\d{1,5})?)?$/;

/**
 * `fallback`: for a tool id or a glob over ids (`app.*`, `*@partner.example`), the tool ids
 * tried in order when a call fails with a 502, 503 or 504.
 */
export const FallbackSchema = z
  .record(
    z.string().min(1).max(300),
    z.array(z.string().regex(TOOL_ID, "a tool id: server.tool or name@host")).min(1).max(20),
  )
  .refine((table) => Object.keys(table).length <= 1000, { message: "at most 1000 fallback entries" });

export type FallbackConfig = z.infer<typeof FallbackSchema>;

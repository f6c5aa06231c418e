import { z } from "zod";
import { CallToolResultSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/**
 * `{content: [{type: "text", text: string}, …], isError?: boolean}` with no other own key (at
 * either level): the shape nearly every tool answer has. For such a value the SDK's
 * CallToolResultSchema (a loose object whose content is a union of six block schemas) returns an
 * equal copy, so the value can be taken as it is. Anything else (other blocks, annotations,
 * `_meta`, structured content, an own `__proto__` key…) is not recognised here.
 */
export function isPlainTextResult(value: unknown): value is CallToolResult {
  if (!isPlainObject(value)) return false;
  let hasContent = false;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (key === "content") hasContent = true;
    else if (key !== "isError" || typeof value.isError !== "boolean") return false;
  }
  const content = value.content;
  if (!hasContent || !Array.isArray(content)) return false;
  for (const block of content as unknown[]) {
    if (!isPlainObject(block)) return false;
    let keys = 0;
    for (const key in block) {
      if (!Object.prototype.hasOwnProperty.call(block, key)) continue;
      if (key !== "type" && key !== "text") return false;
      keys++;
    }
    if (keys !== 2 || block.type !== "text" || typeof block.text !== "string") return false;
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The result schema the node hands the SDK client for `tools/call`: a plain text answer is taken
 * as it is (isPlainTextResult); everything else is parsed by the SDK's CallToolResultSchema,
 * whose issues are reported unchanged. Same outcome as CallToolResultSchema, without walking a
 * union of block schemas for the common answer (~8–20 µs a call in the node's profile).
 */
export const FastCallToolResultSchema = z.unknown().transform((value, ctx): CallToolResult => {
  if (isPlainTextResult(value)) return value;
  const parsed = CallToolResultSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  // the issues as CallToolResultSchema reported them (message and path kept; input is not reported)
  for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, input: undefined } as (typeof ctx.issues)[number]);
  return z.NEVER;
});

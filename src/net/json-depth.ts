/** Nesting a peer's catalog entry or answer may have; real schemas and results stay far below. */
export const MAX_JSON_DEPTH = 64;

/**
 * Is `value` nested deeper than `limit` (arrays and objects)? Iterative, so a value nested
 * 400 000 levels deep (which JSON.parse accepts) is measured without exhausting the stack;
 * stops at the first path that is too deep.
 */
export function depthExceeds(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Bytes of the JSON structural characters and of string delimiters. */
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Does this JSON text nest objects and arrays deeper than `maxDepth`? One pass over the raw
 * bytes, before anything is parsed: JSON.parse itself copes with deep input, but everything
 * after it (schema validation, the MCP SDK, serialisation towards an upstream) recurses and
 * overflows the stack on a few thousand levels. Brackets inside strings do not count. Stops at
 * the first byte past the limit, so a 400 000-level body costs no more than `maxDepth` steps.
 * Multi-byte UTF-8 sequences never contain these ASCII bytes, so scanning bytes is exact.
 */
export function exceedsJsonDepth(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > maxDepth) return true;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
  return false;
}

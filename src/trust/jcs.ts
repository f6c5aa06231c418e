/**
 * RFC 8785 JSON Canonicalization Scheme: the one byte sequence of a JSON value that a signer and
 * a verifier both compute. Object members are sorted by their UTF-16 code units (JavaScript's
 * default string order), numbers and strings are written as ECMAScript's JSON.stringify writes
 * them (which is what RFC 8785 specifies), and there is no whitespace.
 */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("JCS: numbers must be finite");
    return JSON.stringify(value);
  }
  if (typeof value === "string") {
    if (/\p{Surrogate}/u.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""))) throw new TypeError("JCS: lone surrogate in a string");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalize(v === undefined ? null : v)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${canonicalize(k)}:${canonicalize(v)}`).join(",")}}`;
  }
  throw new TypeError(`JCS: cannot canonicalize a ${typeof value}`);
}

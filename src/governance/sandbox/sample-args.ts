/** A JSON Schema, as far as argument generation reads it. */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  minimum?: number;
  minLength?: number;
}

/** Plausible values by parameter name, so tools get past their own checks and do their work. */
function stringFor(name: string, s: Schema): string {
  if (s.format === "uri" || /url|uri|link|endpoint/i.test(name)) return "http://example.com/";
  if (s.format === "email" || /e-?mail/i.test(name)) return "someone@example.com";
  if (s.format === "date-time") return "2026-01-01T00:00:00Z";
  if (s.format === "date" || /date/i.test(name)) return "2026-01-01";
  if (/path|file|dir|folder/i.test(name)) return "notes.txt";
  if (/host|domain/i.test(name)) return "example.com";
  if (/command|cmd|script|code|expr|query|sql/i.test(name)) return "echo hello";
  return "hello".padEnd(s.minLength ?? 0, "o");
}

/**
 * An argument object for a tool, generated from its inputSchema: enums, consts, defaults and
 * examples first, then a value by type (and by parameter name for strings). Depth-bounded.
 */
export function sampleArguments(schema: unknown, name = "", depth = 0): unknown {
  const s = (schema && typeof schema === "object" ? schema : {}) as Schema;
  if (depth > 5) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  if (s.examples?.length) return s.examples[0];
  const branch = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (branch) return sampleArguments(branch, name, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : (s.type ?? (s.properties ? "object" : "string"));
  switch (type) {
    case "object":
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sampleArguments(v, k, depth + 1)]));
    case "array":
      return [sampleArguments(s.items, name, depth + 1)];
    case "integer":
    case "number":
      return Math.max(1, s.minimum ?? 1);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return stringFor(name, s);
  }
}

/**
 * Every string of an MCP definition a client may show a model, with where it sits: names,
 * titles, descriptions, and the whole of inputSchema/outputSchema (property names, `$defs`,
 * `anyOf`/`oneOf`/`allOf` branches, enums, consts, defaults, examples, comments), prompts
 * and their arguments, resources and templates.
 */

export interface PlacedText {
  where: string;
  text: string;
  /** The text is an identifier (a property name): read it as words. */
  identifier?: boolean;
}

/** The shape of a listed tool the analysis reads (the SDK's Tool, loosely). */
export interface ToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

export interface PromptDefinition {
  name: string;
  title?: string;
  description?: string;
  arguments?: readonly { name: string; title?: string; description?: string }[];
}

export interface ResourceDefinition {
  name?: string;
  title?: string;
  description?: string;
  uri?: string;
  uriTemplate?: string;
}

const MAX_DEPTH = 24;
const MAX_TEXTS = 4000;
/** Keys whose string values are machine syntax, not prose a model reads as instructions. */
const SYNTAX_KEYS = new Set(["type", "$ref", "$schema", "$id", "$anchor", "format", "pattern", "contentEncoding", "contentMediaType", "required"]);
/** Keys whose object values are maps from names to schemas: the names are read too. */
const NAMED_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

/** Splits `snake_case`, `kebab-case` and `camelCase` identifiers into words. */
export function identifierWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_\-.]+/g, " ")
    .trim();
}

/** Walks any JSON value; every string and every name in a property map is collected. */
export function schemaTexts(node: unknown, path: string, out: PlacedText[] = [], depth = 0): PlacedText[] {
  if (depth > MAX_DEPTH || out.length >= MAX_TEXTS || node === null || node === undefined) return out;
  if (typeof node === "string") {
    if (node.trim()) out.push({ where: path, text: node });
    return out;
  }
  if (Array.isArray(node)) {
    node.slice(0, 500).forEach((v, i) => schemaTexts(v, `${path}[${i}]`, out, depth + 1));
    return out;
  }
  if (typeof node !== "object") return out;
  for (const [key, value] of Object.entries(node as Record<string, unknown>).slice(0, 500)) {
    if (SYNTAX_KEYS.has(key)) continue;
    if (NAMED_MAPS.has(key) && value && typeof value === "object" && !Array.isArray(value)) {
      for (const [name, sub] of Object.entries(value as Record<string, unknown>).slice(0, 500)) {
        out.push({ where: `${path}.${key}`, text: name, identifier: true });
        schemaTexts(sub, `${path}.${name}`, out, depth + 1);
      }
      continue;
    }
    schemaTexts(value, `${path}.${key}`, out, depth + 1);
  }
  return out;
}

/** The texts of one tool a client shows a model, each with where it sits. */
export function toolTexts(tool: ToolDefinition): PlacedText[] {
  const out: PlacedText[] = [{ where: "name", text: tool.name, identifier: true }];
  if (tool.title) out.push({ where: "title", text: tool.title });
  if (tool.description) out.push({ where: "description", text: tool.description });
  schemaTexts(tool.inputSchema, "inputSchema", out);
  schemaTexts(tool.outputSchema, "outputSchema", out);
  const annotations = tool.annotations as { title?: unknown } | undefined;
  if (typeof annotations?.title === "string") out.push({ where: "annotations.title", text: annotations.title });
  return out;
}

export function promptTexts(prompt: PromptDefinition): PlacedText[] {
  const out: PlacedText[] = [{ where: "name", text: prompt.name, identifier: true }];
  if (prompt.title) out.push({ where: "title", text: prompt.title });
  if (prompt.description) out.push({ where: "description", text: prompt.description });
  for (const arg of prompt.arguments ?? []) {
    out.push({ where: "arguments", text: arg.name, identifier: true });
    if (arg.title) out.push({ where: `arguments.${arg.name}.title`, text: arg.title });
    if (arg.description) out.push({ where: `arguments.${arg.name}.description`, text: arg.description });
  }
  return out;
}

export function resourceTexts(resource: ResourceDefinition): PlacedText[] {
  const out: PlacedText[] = [];
  if (resource.name) out.push({ where: "name", text: resource.name });
  if (resource.title) out.push({ where: "title", text: resource.title });
  if (resource.description) out.push({ where: "description", text: resource.description });
  return out;
}

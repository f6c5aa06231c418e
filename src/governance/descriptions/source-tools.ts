import { Lang, parse, registerDynamicLanguage, type SgNode } from "@ast-grep/napi";
import type { ToolDefinition } from "./definition-texts";

/**
 * Tool definitions declared in source, read with a parser (tree-sitter through ast-grep), so
 * the description checks run on servers that have no live remote yet: `server.tool(...)`,
 * `registerTool(...)` and FastMCP's `addTool({...})` in JS/TS; FastMCP `@mcp.tool()`
 * decorators with their docstrings, `description=` and `Field(description=...)` in Python.
 */
export interface SourceTool extends ToolDefinition {
  file: string;
  line: number;
}

let pythonRegistered = false;
function ensurePython(): void {
  if (pythonRegistered) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  registerDynamicLanguage({ python: require("@ast-grep/lang-python") as Parameters<typeof registerDynamicLanguage>[0][string] });
  pythonRegistered = true;
}

const JS_CALL = { kind: "call_expression", has: { field: "function", kind: "member_expression", has: { field: "property", regex: "^(tool|registerTool|addTool)$" } } };
const JS_OBJECT = { kind: "object", all: [{ has: { kind: "pair", has: { field: "key", regex: "^[\"']?name[\"']?$" } } }, { has: { kind: "pair", has: { field: "key", regex: "^[\"']?inputSchema[\"']?$" } } }] };
const PY_TOOL = { kind: "decorated_definition", has: { kind: "decorator", regex: "^@\\s*(?:[\\w.]+\\.)?tool\\b" } };
const MAX_TOOLS_PER_FILE = 500;

/** The value of a string literal without interpolation (JS or Python), else undefined. */
export function literalValue(node: SgNode | null | undefined): string | undefined {
  if (!node) return undefined;
  const kind = node.kind();
  if (kind === "string" || kind === "template_string" || kind === "concatenated_string") {
    // kinds differ per grammar: look at the children instead of a rule
    if (node.children().some((c) => c.kind() === "template_substitution" || c.kind() === "interpolation")) return undefined;
    if (kind === "concatenated_string") return node.children().map((c) => literalValue(c) ?? "").join("");
    const raw = node.text();
    const m = /^([A-Za-z]*)("""|'''|"|'|`)([\s\S]*)\2$/.exec(raw);
    if (!m) return undefined;
    const body = m[3];
    return /r/i.test(m[1]) ? body : body.replace(/\\(["'`\\nt])/g, (_s, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
  }
  if (kind === "binary_expression") {
    const parts = node.children().filter((c) => c.kind() !== "+");
    const values = parts.map((p) => literalValue(p));
    return values.every((v) => v !== undefined) && node.children().some((c) => c.kind() === "+") ? values.join("") : undefined;
  }
  if (kind === "parenthesized_expression") return literalValue(node.children().find((c) => c.kind() !== "(" && c.kind() !== ")"));
  return undefined;
}

/** `{ key: value }` pairs of a JS object literal. */
function pairs(obj: SgNode | undefined): Map<string, SgNode> {
  const out = new Map<string, SgNode>();
  if (!obj || obj.kind() !== "object") return out;
  for (const pair of obj.children().filter((c) => c.kind() === "pair")) {
    const key = pair.field("key");
    const value = pair.field("value");
    if (!key || !value) continue;
    out.set(literalValue(key) ?? key.text(), value);
  }
  return out;
}

/** A parameter's description: a `.describe("…")` call or a `description: "…"` pair inside its schema. */
function jsParamDescription(value: SgNode): string {
  const describe = value.find({ rule: { kind: "call_expression", has: { field: "function", kind: "member_expression", has: { field: "property", regex: "^describe$" } } } });
  const fromDescribe = describe ? literalValue(describe.field("arguments")?.children().find((c) => literalValue(c) !== undefined)) : undefined;
  return fromDescribe ?? literalValue(pairs(value.kind() === "object" ? value : undefined).get("description")) ?? "";
}

function jsShape(shape: SgNode | undefined): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  // z.object({ … }) and similar wrappers: the shape is their object argument
  if (shape?.kind() === "call_expression") shape = shape.field("arguments")?.children().find((c) => c.kind() === "object");
  // a JSON Schema object literal keeps its properties one level down
  const inner = pairs(shape).get("properties");
  for (const [name, value] of pairs(inner ?? shape)) properties[name] = { type: "string", description: jsParamDescription(value) };
  return { type: "object", properties };
}

function jsTool(call: SgNode, file: string): SourceTool | undefined {
  const method = call.field("function")?.field("property")?.text();
  const args = (call.field("arguments")?.children() ?? []).filter((c) => ![",", "(", ")", "comment"].includes(String(c.kind())));
  let name: string | undefined;
  let description: string | undefined;
  let title: string | undefined;
  let shape: SgNode | undefined;
  if (method === "addTool") {
    const cfg = pairs(args[0]);
    name = literalValue(cfg.get("name"));
    description = literalValue(cfg.get("description"));
    shape = cfg.get("parameters") ?? cfg.get("inputSchema");
  } else {
    name = literalValue(args[0]);
    const second = args[1];
    if (second && literalValue(second) !== undefined) {
      description = literalValue(second);
      shape = args[2]?.kind() === "object" ? args[2] : undefined;
    } else if (second?.kind() === "object") {
      const cfg = pairs(second);
      if (method === "registerTool" || cfg.has("description") || cfg.has("inputSchema")) {
        description = literalValue(cfg.get("description"));
        title = literalValue(cfg.get("title"));
        shape = cfg.get("inputSchema") ?? (method === "tool" && !cfg.has("description") ? second : undefined);
      } else shape = second;
    }
  }
  if (!name) return undefined;
  return { name, ...(title ? { title } : {}), description, inputSchema: jsShape(shape), file, line: call.range().start.line + 1 };
}

/** A tool declared as data (`{ name, description, inputSchema }`), as low-level servers list them. */
function jsObjectTool(obj: SgNode, file: string): SourceTool | undefined {
  const cfg = pairs(obj);
  const name = literalValue(cfg.get("name"));
  if (!name || !cfg.has("description")) return undefined;
  return { name, description: literalValue(cfg.get("description")), inputSchema: jsShape(cfg.get("inputSchema")), file, line: obj.range().start.line + 1 };
}

function keywordArgs(call: SgNode | null | undefined): Map<string, SgNode> {
  const out = new Map<string, SgNode>();
  for (const kw of call?.find({ rule: { kind: "argument_list" } })?.children().filter((c) => c.kind() === "keyword_argument") ?? []) {
    const key = kw.field("name")?.text();
    const value = kw.field("value");
    if (key && value) out.set(key, value);
  }
  return out;
}

function pyTool(def: SgNode, file: string): SourceTool | undefined {
  const fn = def.field("definition");
  if (!fn || fn.kind() !== "function_definition") return undefined;
  const decorator = def.children().find((c) => c.kind() === "decorator" && /^@\s*(?:[\w.]+\.)?tool\b/.test(c.text()));
  const kwargs = keywordArgs(decorator?.find({ rule: { kind: "call" } }));
  const first = fn.field("body")?.children()[0];
  const docstring = first?.kind() === "expression_statement" ? literalValue(first.children()[0]) : undefined;
  const properties: Record<string, unknown> = {};
  for (const p of fn.field("parameters")?.children() ?? []) {
    if (!["identifier", "typed_parameter", "default_parameter", "typed_default_parameter"].includes(String(p.kind()))) continue;
    const name = (p.kind() === "identifier" ? p : (p.field("name") ?? p.children().find((c) => c.kind() === "identifier")))?.text();
    if (!name || name === "self" || name === "ctx" || name === "cls") continue;
    const desc = p.find({ rule: { kind: "keyword_argument", has: { field: "name", regex: "^description$" } } });
    properties[name] = { type: "string", description: literalValue(desc?.field("value")) ?? "" };
  }
  return {
    name: literalValue(kwargs.get("name")) ?? fn.field("name")?.text() ?? "",
    description: literalValue(kwargs.get("description")) ?? docstring,
    inputSchema: { type: "object", properties },
    file,
    line: def.range().start.line + 1,
  };
}

/** The tool definitions declared in one source file (empty for other languages or on a parse error). */
export function extractSourceTools(file: string, text: string): SourceTool[] {
  try {
    if (/\.py$/.test(file)) {
      ensurePython();
      return parse("python", text).root().findAll({ rule: PY_TOOL }).slice(0, MAX_TOOLS_PER_FILE).flatMap((d) => pyTool(d, file) ?? []);
    }
    if (!/\.(?:[cm]?[jt]sx?)$/.test(file)) return [];
    const lang = /\.[cm]?tsx$/.test(file) ? Lang.Tsx : /\.[cm]?ts$/.test(file) ? Lang.TypeScript : Lang.JavaScript;
    const root = parse(lang, text).root();
    const calls = root.findAll({ rule: JS_CALL }).slice(0, MAX_TOOLS_PER_FILE).flatMap((c) => jsTool(c, file) ?? []);
    return calls.concat(root.findAll({ rule: JS_OBJECT }).slice(0, MAX_TOOLS_PER_FILE).flatMap((o) => jsObjectTool(o, file) ?? []));
  } catch {
    return [];
  }
}

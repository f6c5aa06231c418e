import type { SgNode } from "@ast-grep/napi";
import { evaluatePyCall } from "./py-calls";
import { sanitized } from "./js-calls";
import type { Scope } from "./scope";
import { concat, constant, join, mergeTaints, refValue, through, unknown, type Step, type Value } from "./value";

/** A Python function the analysis can enter. */
export interface PyFunction {
  node: SgNode;
  scope: Scope;
  /** the module that defines it, when it can be imported elsewhere */
  owner?: { callFunction(fn: PyFunction, args: Value[], kwargs: Map<string, Value>): Value };
}

/** What Python expression evaluation needs from the module under analysis. */
export interface PyContext {
  readonly file: string;
  tick(): void;
  step(node: SgNode, note: string): Step;
  line(node: SgNode): number;
  callFunction(fn: PyFunction, args: Value[], kwargs: Map<string, Value>): Value;
  sink(call: import("./sinks").SinkCall): void;
  computedMember(ref: string, node: SgNode): void;
  obfuscatedAccess(ref: string, node: SgNode): void;
  pending: PyFunction[];
}

const BUILTINS = new Set(["eval", "exec", "compile", "open", "__import__", "getattr", "globals", "locals", "vars", "input", "execfile", "__builtins__", "setattr", "str", "bytes", "int", "float", "bool", "dict", "list"]);

/** Canonical Python names: builtins reached through the builtins module are the builtins. */
export function canonicalPy(ref: string): string {
  return ref.replace(/^(builtins|__builtins__|__builtin__)\./, "").replace(/^(os\.path|posixpath|ntpath)\./, "os.path.").replace(/^pathlib\.Path\b/, "Path");
}

/** `obj.name` with aliases resolved: modules, the environment, HOME. */
export function pyMember(ctx: PyContext, obj: Value, name: string, node: SgNode, computed = false): Value {
  if (obj.props?.has(name)) return obj.props.get(name)!;
  if (obj.ref) {
    const ref = canonicalPy(`${obj.ref}.${name}`);
    if (ref === "os.environ") return { ref, taints: new Map([["env", [ctx.step(node, "os.environ")]]]) };
    const v = refValue(ref, computed || obj.obfuscated);
    mergeTaints(v, obj);
    if (obj.str !== undefined) v.str = obj.str;
    return v;
  }
  return obj.taints.size ? { taints: obj.taints } : unknown();
}

function stringValue(ctx: PyContext, node: SgNode, scope: import("./scope").Scope): Value {
  const parts: Value[] = [];
  const head = node.children().find((c) => c.kind() === "string_start")?.text() ?? "";
  const raw = /[rR]/.test(head);
  for (const c of node.children()) {
    if (c.kind() === "string_content") parts.push(constant(raw ? c.text() : c.text().replace(/\\n/g, "\n").replace(/\\t/g, "\t")));
    else if (c.kind() === "escape_sequence") parts.push(constant(JSON.parse(`"${c.text().replace(/^\\x/, "\\u00")}"`) as string));
    else if (c.kind() === "interpolation") {
      const expr = c.children().find((x) => x.isNamed() && x.kind() !== "type_conversion" && x.kind() !== "format_specifier");
      parts.push(expr ? evaluatePy(ctx, expr, scope) : unknown());
    }
  }
  const v = concat(parts.length ? parts : [constant("")]);
  if (parts.length > 1 && v.str !== undefined) v.folded = false;
  return v.taints.size ? through(v, ctx.step(node, "f-string")) : v;
}

/** The value of a Python expression. */
export function evaluatePy(ctx: PyContext, node: SgNode, scope: Scope): Value {
  ctx.tick();
  const kind = node.kind();
  switch (kind) {
    case "string":
      return stringValue(ctx, node, scope);
    case "concatenated_string":
      return { ...concat(node.children().filter((c) => c.isNamed()).map((c) => evaluatePy(ctx, c, scope))), folded: false };
    case "integer":
    case "float":
      return constant(node.text());
    case "true":
      return constant("True");
    case "identifier": {
      const bound = scope.lookup(node.text());
      if (bound) return bound;
      return BUILTINS.has(node.text()) ? refValue(node.text() === "__builtins__" ? "builtins" : node.text()) : unknown();
    }
    case "attribute": {
      const obj = evaluatePy(ctx, node.field("object")!, scope);
      return pyMember(ctx, obj, node.field("attribute")!.text(), node);
    }
    case "subscript": {
      const obj = evaluatePy(ctx, node.field("value")!, scope);
      const key = evaluatePy(ctx, node.field("subscript")!, scope);
      if (obj.ref === "os.environ") return key.str === "HOME" ? constant("~") : { taints: new Map([["env-var", [ctx.step(node, `os.environ[${key.str ?? "…"}]`)]]]) };
      if (key.str !== undefined && (obj.props || obj.ref)) return pyMember(ctx, obj, key.str, node, key.folded);
      if (obj.items && key.str !== undefined && /^-?\d+$/.test(key.str)) return obj.items.at(Number(key.str)) ?? unknown();
      return join([{ taints: obj.taints }, ...(obj.items ?? [])]);
    }
    case "call":
      return evaluatePyCall(ctx, node, scope);
    case "binary_operator": {
      const left = evaluatePy(ctx, node.field("left")!, scope);
      const right = evaluatePy(ctx, node.field("right")!, scope);
      const op = node.field("operator")?.text();
      if (op === "+") return concat([left, right]);
      // pathlib's `/` joins (and keeps a Path, so `.read_text()` on the result is still a file read)
      if (op === "/" && (left.str !== undefined || left.prefix !== undefined || left.ref === "Path()")) return { ...concat([left, constant("/"), right]), ref: "Path()" };
      if (op === "%" && left.str !== undefined) return concat([constant(left.str.split("%")[0]), right]);
      if (op === "*" || op === "**") {
        // `[0] * n`, `"x" * n`: a sequence repeated as many times as the input says
        const seqLeft = Boolean(left.items || left.str !== undefined);
        const [seq, count] = seqLeft ? [left, right] : [right, left];
        // the count amplified (`n * 1000`, `w * h`, `10 ** n`) or taken as given (`[x] * times`)
        const amplified = /\*/.test(node.field(seqLeft ? "right" : "left")!.text()) || op === "**";
        if ((seq.items || seq.str !== undefined) && count.taints.has("arg")) ctx.sink({ kind: "alloc", ref: amplified ? "* (amplified)" : "*", file: ctx.file, line: ctx.line(node), target: count, rest: [] });
      }
      return join([left, right]);
    }
    case "boolean_operator": {
      const left = evaluatePy(ctx, node.field("left")!, scope);
      const right = evaluatePy(ctx, node.field("right")!, scope);
      return node.field("operator")?.text() === "or" && (left.str !== undefined || left.ref) ? left : join([left, right]);
    }
    case "parenthesized_expression":
    case "await":
    case "expression_statement":
    case "list_splat":
    case "dictionary_splat": {
      const inner = node.children().filter((c) => c.isNamed());
      return inner.length === 1 ? evaluatePy(ctx, inner[0], scope) : join([unknown(), ...inner.map((c) => evaluatePy(ctx, c, scope))]);
    }
    case "list":
    case "tuple":
    case "set":
    case "expression_list": {
      const items = node.children().filter((c) => c.isNamed()).map((c) => evaluatePy(ctx, c, scope));
      return { ...join([unknown(), ...items]), items };
    }
    case "dictionary": {
      const props = new Map<string, Value>();
      const out = unknown();
      for (const pair of node.children().filter((c) => c.kind() === "pair" || c.kind() === "dictionary_splat")) {
        const value = pair.kind() === "pair" ? evaluatePy(ctx, pair.field("value")!, scope) : evaluatePy(ctx, pair, scope);
        mergeTaints(out, value);
        const key = pair.kind() === "pair" ? evaluatePy(ctx, pair.field("key")!, scope).str : undefined;
        if (key !== undefined) props.set(key, value);
      }
      return { ...out, props };
    }
    case "lambda": {
      const fn: PyFunction = { node, scope };
      ctx.pending.push(fn);
      return { taints: new Map(), fn };
    }
    case "comparison_operator": {
      // `x in ALLOWED` / `x not in ALLOWED` against a collection no source reaches: a check that
      // confines x to known values (an allow-list), so x is clean for the rest of the scope
      const operands = node.children().filter((c) => c.isNamed());
      const membership = node.children().some((c) => !c.isNamed() && /^(not )?in$/.test(c.text().replace(/\s+/g, " ")));
      const values = operands.map((c) => evaluatePy(ctx, c, scope));
      const [left, right] = operands;
      if (membership && operands.length === 2 && left.kind() === "identifier" && values[1].taints.size === 0 && ["set", "list", "tuple", "dictionary", "identifier", "attribute"].includes(String(right.kind()))) {
        const bound = scope.lookup(left.text());
        if (bound) scope.assign(left.text(), sanitized(bound));
      }
      return unknown();
    }
    case "conditional_expression": {
      const parts = node.children().filter((c) => c.isNamed()).map((c) => evaluatePy(ctx, c, scope));
      return join([parts[0] ?? unknown(), parts[2] ?? unknown()]);
    }
    case "comment":
    case "none":
    case "false":
    case "type":
      return unknown();
    default: {
      const parts = node.children().filter((c) => c.isNamed()).map((c) => evaluatePy(ctx, c, scope));
      return { taints: join([unknown(), ...parts]).taints };
    }
  }
}

import { Lang, parse, registerDynamicLanguage, type SgNode } from "@ast-grep/napi";
import type { FlowCollector } from "./analyze";
import { evaluatePy, type PyContext, type PyFunction } from "./py-eval";
import { Scope, type Budget } from "./scope";
import type { Effect } from "./effects";
import type { SinkCall } from "./sinks";
import { join, refValue, tainted, through, unknown, type Step, type Value } from "./value";

let registered = false;
function ensurePython(): void {
  if (registered) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  registerDynamicLanguage({ python: require("@ast-grep/lang-python") as Parameters<typeof registerDynamicLanguage>[0][string] });
  registered = true;
}

/** Decorators that make a function an MCP tool (FastMCP, the low-level server, prompts, resources). */
const TOOL_DECORATOR = /^@\s*[\w.]*\.(tool|call_tool|prompt|get_prompt|resource|read_resource)\b/;
const MAX_DEPTH = 6;

/** Finds the repository module an import names (`from .util import f`, `from pkg.mod import g`). */
export interface PyHost {
  module(fromFile: string, dotted: string, level: number): PyModule | undefined;
}

/** One Python file under analysis: its top-level scope, run once, and the functions it defines. */
export class PyModule implements PyContext {
  readonly pending: PyFunction[] = [];
  private readonly top = new Scope();
  private loaded = false;
  private readonly analysed = new Set<number>();
  private readonly memo = new Map<string, Value>();
  /** effects each memoized call had, replayed into the frames of later callers */
  private readonly memoEffects = new Map<string, Set<Effect>>();
  private readonly active = new Set<number>();
  private readonly returns: Value[][] = [];
  private depth = 0;

  constructor(
    readonly file: string,
    private readonly root: SgNode,
    private readonly collector: FlowCollector,
    private readonly budget: Budget,
    private readonly host: PyHost,
  ) {}

  /** A top-level name, for modules that import it (runs this module first). */
  exportOf(name: string): Value | undefined {
    this.load();
    return this.top.lookup(name);
  }

  tick(): void {
    this.budget.tick();
  }

  line(node: SgNode): number {
    return node.range().start.line + 1;
  }

  step(node: SgNode, note: string): Step {
    return { file: this.file, line: this.line(node), note };
  }

  sink(call: SinkCall): void {
    this.collector.sink(call);
  }

  computedMember(ref: string, node: SgNode): void {
    this.collector.computedMember(ref, this.file, this.line(node));
  }

  obfuscatedAccess(ref: string, node: SgNode): void {
    this.collector.obfuscatedAccess(ref, this.file, this.line(node));
  }

  load(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.walk(this.root, this.top);
    for (let i = 0; i < this.pending.length; i++) {
      const fn = this.pending[i];
      if (this.analysed.has(fn.node.range().start.index)) continue;
      const params = paramNames(fn.node).map((p) => tainted("param", { file: this.file, line: this.line(fn.node), note: `parameter ${p}` }));
      this.callFunction(fn, params, new Map());
    }
  }

  callFunction(fn: PyFunction, args: Value[], kwargs: Map<string, Value>): Value {
    if (fn.owner && fn.owner !== this) return fn.owner.callFunction(fn, args, kwargs);
    const id = fn.node.range().start.index;
    this.analysed.add(id);
    const key = `${id}:${[...args, ...kwargs.values()].map((a) => [...a.taints.keys()].sort().join("+") + (a.ref ?? "")).join(",")}`;
    const cached = this.memo.get(key);
    if (cached) {
      this.collector.frames.add(this.memoEffects.get(key) ?? []);
      return cached;
    }
    if (this.depth >= MAX_DEPTH || this.active.has(id)) return join([unknown(), ...args]);
    this.active.add(id);
    this.depth++;
    this.returns.push([]);
    this.collector.frames.begin();
    const scope = new Scope(fn.scope);
    paramNames(fn.node).forEach((name, i) => {
      let v = kwargs.get(name) ?? args[i] ?? unknown();
      if (v.taints.size) v = through(v, this.step(fn.node, `parameter ${name}`));
      scope.declare(name, v);
    });
    let result: Value;
    try {
      const body = fn.node.field("body")!;
      if (fn.node.kind() === "lambda") result = evaluatePy(this, body, scope);
      else {
        this.walk(body, scope);
        result = join([unknown(), ...this.returns[this.returns.length - 1]]);
      }
    } finally {
      this.returns.pop();
      this.depth--;
      this.active.delete(id);
      const effects = this.collector.frames.end();
      this.memoEffects.set(key, effects);
      this.collector.frames.add(effects);
    }
    this.memo.set(key, result);
    return result;
  }

  private walk(node: SgNode, scope: Scope): void {
    this.tick();
    const kind = node.kind();
    switch (kind) {
      case "module":
      case "block": {
        const children = node.children();
        for (const c of children) {
          const def = c.kind() === "decorated_definition" ? c.field("definition") : c;
          if (def?.kind() === "function_definition") scope.declare(def.field("name")!.text(), { taints: new Map(), fn: { node: def, scope, owner: this } });
        }
        for (const c of children) this.walk(c, scope);
        return;
      }
      case "function_definition": {
        const fn: PyFunction = { node, scope, owner: this };
        scope.declare(node.field("name")!.text(), { taints: new Map(), fn });
        this.pending.push(fn);
        return;
      }
      case "decorated_definition": {
        const def = node.field("definition")!;
        for (const d of node.children().filter((c) => c.kind() === "decorator")) evaluatePy(this, d, scope);
        if (def.kind() !== "function_definition") return this.walk(def, scope);
        const fn: PyFunction = { node: def, scope, owner: this };
        scope.declare(def.field("name")!.text(), { taints: new Map(), fn });
        if (node.children().some((c) => c.kind() === "decorator" && TOOL_DECORATOR.test(c.text()))) {
          const tool = def.field("name")!.text();
          const input = tainted("arg", this.step(def, `tool argument of ${tool}`));
          this.collector.frames.begin();
          try {
            this.callFunction(fn, paramNames(def).map(() => input), new Map());
          } finally {
            const effects = this.collector.frames.end();
            this.collector.toolClaims(tool, claimTextOf(node, def), effects, this.file, this.line(def));
          }
        } else this.pending.push(fn);
        return;
      }
      case "class_definition":
        return this.walk(node.field("body")!, new Scope(scope));
      case "import_statement":
      case "import_from_statement":
        return this.bindImports(node, scope);
      case "expression_statement": {
        for (const c of node.children().filter((x) => x.isNamed())) {
          if (c.kind() === "assignment" || c.kind() === "augmented_assignment") this.assign(c, scope);
          else evaluatePy(this, c, scope);
        }
        return;
      }
      case "return_statement": {
        const expr = node.children().find((c) => c.isNamed());
        this.returns[this.returns.length - 1]?.push(expr ? evaluatePy(this, expr, scope) : unknown());
        return;
      }
      case "for_statement": {
        const iter = evaluatePy(this, node.field("right")!, scope);
        bindTarget(node.field("left")!, { taints: iter.items ? join([unknown(), ...iter.items]).taints : iter.taints }, scope);
        this.walk(node.field("body")!, scope);
        return;
      }
      case "with_statement": {
        for (const item of node.findAll({ rule: { kind: "with_item" } })) {
          const v = item.field("value")!;
          if (v.kind() === "as_pattern") {
            const value = evaluatePy(this, v.children()[0], scope);
            const target = v.children().find((c) => c.kind() === "as_pattern_target")?.children()[0];
            if (target) bindTarget(target, value, scope);
          } else evaluatePy(this, v, scope);
        }
        const body = node.field("body");
        if (body) this.walk(body, scope);
        return;
      }
      case "comment":
      case "pass_statement":
        return;
      default:
        for (const c of node.children().filter((x) => x.isNamed())) {
          if (/statement|clause|block|definition/.test(String(c.kind()))) this.walk(c, scope);
          else evaluatePy(this, c, scope);
        }
    }
  }

  private bindImports(node: SgNode, scope: Scope): void {
    if (node.kind() === "import_statement") {
      for (const c of node.children().filter((x) => x.isNamed())) {
        if (c.kind() === "aliased_import") scope.declare(c.field("alias")!.text(), refValue(c.field("name")!.text()));
        else scope.declare(c.text().split(".")[0], refValue(c.text().split(".")[0]));
      }
      return;
    }
    const spec = node.field("module_name")?.text() ?? "";
    const level = /^\.*/.exec(spec)![0].length;
    const mod = spec.slice(level);
    const local = this.host.module(this.file, mod, level);
    for (const c of node.children().filter((x) => x.isNamed()).slice(1)) {
      const name = c.kind() === "aliased_import" ? c.field("name")!.text() : c.kind() === "dotted_name" ? c.text() : undefined;
      if (!name) continue;
      const as = c.kind() === "aliased_import" ? c.field("alias")!.text() : name;
      scope.declare(as, (local && local !== this ? local.exportOf(name) : undefined) ?? refValue(`${mod}.${name}`));
    }
  }

  private assign(node: SgNode, scope: Scope): void {
    const right = node.field("right");
    if (!right) return;
    let value = right.kind() === "assignment" ? (this.assign(right, scope), unknown()) : evaluatePy(this, right, scope);
    const left = node.field("left")!;
    if (node.kind() === "augmented_assignment") value = join([evaluatePy(this, left, scope), value]);
    if (left.kind() === "subscript" || left.kind() === "attribute") {
      const base = left.field(left.kind() === "subscript" ? "value" : "object")!;
      if (base.kind() === "identifier") {
        const obj = scope.lookup(base.text()) ?? unknown();
        const key = left.kind() === "attribute" ? left.field("attribute")!.text() : evaluatePy(this, left.field("subscript")!, scope).str;
        scope.assign(base.text(), { ...obj, taints: join([obj, value]).taints, props: key !== undefined ? new Map([...(obj.props ?? []), [key, value]]) : obj.props });
      }
      return;
    }
    bindTarget(left, value, scope);
  }
}

function bindTarget(target: SgNode, value: Value, scope: Scope): void {
  if (target.kind() === "identifier") scope.assign(target.text(), value);
  else if (/pattern_list|tuple_pattern|list_pattern|expression_list|tuple|list/.test(String(target.kind()))) {
    target.children().filter((c) => c.isNamed()).forEach((c, i) => bindTarget(c, value.items?.[i] ?? { taints: value.taints }, scope));
  }
}

function paramNames(fn: SgNode): string[] {
  const params = fn.field("parameters");
  if (!params) return [];
  return params
    .children()
    .filter((c) => c.isNamed())
    .map((p) => (p.kind() === "identifier" ? p.text() : (p.field("name")?.text() ?? p.children().find((c) => c.kind() === "identifier")?.text() ?? "")))
    .filter((n) => n && n !== "self" && n !== "cls");
}

/** Parses one Python file (tree-sitter through ast-grep); undefined when it does not parse. */
export function parsePython(text: string): SgNode | undefined {
  ensurePython();
  try {
    return parse("python" as Lang, text).root();
  } catch {
    return undefined;
  }
}

/** A Python tool's promises: its decorators (annotations, description=) and its docstring. */
function claimTextOf(decorated: SgNode, def: SgNode): string {
  const decorators = decorated.children().filter((c) => c.kind() === "decorator").map((d) => d.text());
  const first = def.field("body")?.children().find((c) => c.isNamed() && c.kind() !== "comment");
  const doc = first?.kind() === "expression_statement" && first.children()[0]?.kind() === "string" ? first.text() : "";
  return [...decorators, doc].join("\n");
}

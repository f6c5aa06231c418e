import ts from "typescript";
import type { Effect } from "./effects";
import type { Reporter } from "./js-calls";
import { assignTo, canonicalModule, evaluate, type JsContext, type JsFunction } from "./js-eval";
import { Scope, type Budget } from "./scope";
import { join, refValue, tainted, through, unknown, type Step, type Value } from "./value";

/** Resolves repository modules for cross-file calls. */
export interface JsModuleHost {
  /** The repository file a relative specifier names, from `fromFile`. */
  resolve(fromFile: string, specifier: string): string | undefined;
  module(file: string): JsModule | undefined;
}

const MAX_DEPTH = 6;

/** One JS/TS file under analysis: its top-level scope, its exports and the functions it defines. */
export class JsModule implements JsContext {
  readonly sf: ts.SourceFile;
  readonly pending: JsFunction[] = [];
  readonly exports = new Map<string, Value>();
  readonly top = new Scope();
  private readonly analysed = new Set<ts.Node>();
  private readonly memo = new Map<string, Value>();
  /** effects each memoized call had, replayed into the frames of later callers */
  private readonly memoEffects = new Map<string, Set<Effect>>();
  private readonly active = new Set<ts.Node>();
  private depth = 0;
  private returns: Value[][] = [];
  private loaded = false;
  moduleExports: Value = { taints: new Map(), props: new Map() };

  constructor(
    readonly file: string,
    text: string,
    readonly report: Reporter,
    private readonly budget: Budget,
    private readonly host: JsModuleHost,
  ) {
    const kind = /\.tsx$|\.jsx$/.test(file) ? ts.ScriptKind.TSX : /\.[cm]?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    this.sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    this.top.declare("module", { taints: new Map(), props: new Map([["exports", this.moduleExports]]) });
    this.top.declare("exports", this.moduleExports);
  }

  tick(): void {
    this.budget.tick();
  }

  step(node: ts.Node, note: string): Step {
    return { file: this.file, line: this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf)).line + 1, note };
  }

  /** Runs the top level once, then every function nothing called, its parameters unknown. */
  load(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.walk(this.sf, this.top);
    for (let i = 0; i < this.pending.length; i++) {
      const fn = this.pending[i];
      if (this.analysed.has(fn.node)) continue;
      const params = fn.node.parameters.map((p) => tainted("param", this.step(p, `parameter ${p.name.getText(this.sf)}`)));
      fn.ctx.callFunction(fn, params);
    }
  }

  moduleValue(specifier: string): Value | undefined {
    if (!specifier.startsWith(".")) return undefined;
    const file = this.host.resolve(this.file, specifier);
    return file ? refValue(`file:${file}`) : unknown();
  }

  exportOf(moduleRef: string, name: string): Value | undefined {
    const mod = this.host.module(moduleRef.slice(5));
    if (!mod) return undefined;
    mod.load();
    const commonjs = mod.top.lookup("module")?.props?.get("exports") ?? mod.moduleExports;
    return mod.exports.get(name) ?? commonjs.props?.get(name) ?? (name === "default" ? commonjs : undefined);
  }

  callFunction(fn: JsFunction, args: Value[]): Value {
    if (fn.ctx !== this) return fn.ctx.callFunction(fn, args);
    this.analysed.add(fn.node);
    const key = `${fn.node.pos}:${args.map((a) => [...a.taints.keys()].sort().join("+") + (a.ref ?? "") + (a.fn ? "f" : "")).join(",")}`;
    const cached = this.memo.get(key);
    if (cached) {
      this.report.frames.add(this.memoEffects.get(key) ?? []);
      return cached;
    }
    if (this.depth >= MAX_DEPTH || this.active.has(fn.node) || !fn.node.body) return join([unknown(), ...args]);
    this.active.add(fn.node);
    this.depth++;
    this.returns.push([]);
    this.report.frames.begin();
    const scope = new Scope(fn.scope);
    if (fn.node.name && ts.isIdentifier(fn.node.name) && ts.isFunctionExpression(fn.node)) scope.declare(fn.node.name.text, { taints: new Map(), fn });
    fn.node.parameters.forEach((p, i) => {
      let v = p.dotDotDotToken ? join([unknown(), ...args.slice(i)]) : (args[i] ?? unknown());
      if (v.taints.size) v = through(v, this.step(p, `parameter ${p.name.getText(this.sf)}`));
      assignTo(this, p.name, v, scope, true);
    });
    let result: Value;
    try {
      if (ts.isBlock(fn.node.body)) {
        this.walk(fn.node.body, scope);
        result = join([unknown(), ...this.returns[this.returns.length - 1]]);
      } else result = evaluate(this, fn.node.body, scope);
    } finally {
      this.returns.pop();
      this.depth--;
      this.active.delete(fn.node);
      const effects = this.report.frames.end();
      this.memoEffects.set(key, effects);
      this.report.frames.add(effects);
    }
    this.memo.set(key, result);
    return result;
  }

  walk(node: ts.Node, scope: Scope): void {
    this.tick();
    if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
      const inner = ts.isSourceFile(node) ? scope : new Scope(scope);
      const statements = node.statements;
      // function declarations are hoisted
      for (const s of statements) if (ts.isFunctionDeclaration(s) && s.name) this.declareFunction(s, inner);
      for (const s of statements) this.walk(s, inner);
      return;
    }
    if (ts.isFunctionDeclaration(node)) return;
    if (ts.isVariableDeclarationList(node)) {
      for (const d of node.declarations) assignTo(this, d.name, d.initializer ? evaluate(this, d.initializer, scope) : unknown(), scope, true);
      return;
    }
    if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) {
        const v = d.initializer ? evaluate(this, d.initializer, scope) : unknown();
        assignTo(this, d.name, v, scope, true);
        if (isExported(node) && ts.isIdentifier(d.name)) this.exports.set(d.name.text, v);
      }
      return;
    }
    if (ts.isImportDeclaration(node)) return this.bindImport(node, scope);
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      const spec = node.moduleReference.expression.text;
      scope.declare(node.name.text, this.moduleValue(spec) ?? refValue(canonicalModule(spec)));
      return;
    }
    if (ts.isExportAssignment(node)) {
      const v = evaluate(this, node.expression, scope);
      this.exports.set("default", v);
      return;
    }
    if (ts.isReturnStatement(node)) {
      const v = node.expression ? evaluate(this, node.expression, scope) : unknown();
      this.returns[this.returns.length - 1]?.push(v);
      return;
    }
    if (ts.isExpressionStatement(node)) {
      evaluate(this, node.expression, scope);
      return;
    }
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      const v = evaluate(this, node.expression, scope);
      const inner = new Scope(scope);
      const init = node.initializer;
      const item: Value = { taints: v.items ? join([unknown(), ...v.items]).taints : v.taints };
      if (ts.isVariableDeclarationList(init)) for (const d of init.declarations) assignTo(this, d.name, item, inner, true);
      else assignTo(this, init, item, inner);
      this.walk(node.statement, inner);
      return;
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      for (const m of node.members) if ((ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m) || ts.isPropertyDeclaration(m)) && (ts.isPropertyDeclaration(m) ? m.initializer : m.body)) {
        if (ts.isPropertyDeclaration(m)) evaluate(this, m.initializer!, scope);
        else this.pending.push({ node: m, scope, ctx: this });
      }
      if (node.name && ts.isClassDeclaration(node) && isExported(node)) this.exports.set(node.name.text, unknown());
      return;
    }
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node)) return;
    ts.forEachChild(node, (child) => {
      if (isStatementLike(child)) this.walk(child, scope);
      else evaluate(this, child, scope);
    });
  }

  private declareFunction(node: ts.FunctionDeclaration, scope: Scope): void {
    const fn: JsFunction = { node, scope, ctx: this };
    const v: Value = { taints: new Map(), fn };
    scope.declare(node.name!.text, v);
    this.pending.push(fn);
    if (isExported(node)) this.exports.set(node.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ? "default" : node.name!.text, v);
  }

  private bindImport(node: ts.ImportDeclaration, scope: Scope): void {
    if (!ts.isStringLiteral(node.moduleSpecifier) || !node.importClause) return;
    const spec = node.moduleSpecifier.text;
    const mod = this.moduleValue(spec) ?? refValue(canonicalModule(spec));
    const local = mod.ref?.startsWith("file:");
    const clause = node.importClause;
    // a default import of a Node module is the module itself (esModuleInterop)
    if (clause.name) scope.declare(clause.name.text, local ? (this.exportOf(mod.ref!, "default") ?? mod) : mod);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) scope.declare(bindings.name.text, mod);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) {
        const imported = (el.propertyName ?? el.name).text;
        if (local) scope.declare(el.name.text, this.exportOf(mod.ref!, imported) ?? unknown());
        else if (mod.ref) scope.declare(el.name.text, refValue(imported === "default" ? mod.ref : `${mod.ref}.${imported}`));
      }
    }
  }
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isStatementLike(node: ts.Node): boolean {
  return (
    ts.isBlock(node) || ts.isVariableStatement(node) || ts.isExpressionStatement(node) || ts.isIfStatement(node) || ts.isReturnStatement(node) || ts.isForStatement(node) ||
    ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isTryStatement(node) || ts.isSwitchStatement(node) ||
    ts.isCaseBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node) || ts.isCatchClause(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) ||
    ts.isThrowStatement(node) || ts.isLabeledStatement(node) || ts.isVariableDeclarationList(node) || ts.isVariableDeclaration(node) || ts.isImportDeclaration(node) || ts.isExportAssignment(node)
  );
}

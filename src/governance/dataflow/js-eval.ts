import ts from "typescript";
import { evaluateCall } from "./js-calls";
import type { Scope } from "./scope";
import { concat, constant, join, mergeTaints, refValue, through, unknown, type Step, type Value } from "./value";

/** A function the analysis can enter: its declaration and the scope it closes over. */
export interface JsFunction {
  node: ts.FunctionLikeDeclaration;
  scope: Scope;
  ctx: JsContext;
}

/** What expression evaluation needs from the module being analysed. */
export interface JsContext {
  readonly file: string;
  readonly sf: ts.SourceFile;
  tick(): void;
  step(node: ts.Node, note: string): Step;
  /** Runs a function with argument values; returns what it returns. */
  callFunction(fn: JsFunction, args: Value[]): Value;
  /** A relative module of the repository, as a value (`file:<path>`). */
  moduleValue(specifier: string): Value | undefined;
  /** The export `name` of a repository module. */
  exportOf(moduleRef: string, name: string): Value | undefined;
  /** Walks a statement (function bodies inside expressions). */
  walk(node: ts.Node, scope: Scope): void;
  /** Records a sink call (judged later) or a finding. */
  report: import("./js-calls").Reporter;
  /** Functions seen as values: analysed at the end if nothing called them. */
  pending: JsFunction[];
}

const GLOBALS = new Set(["eval", "Function", "require", "fetch", "process", "globalThis", "global", "window", "self", "Buffer", "atob", "btoa", "setTimeout", "setInterval", "JSON", "Object", "module", "exports", "WebSocket", "XMLHttpRequest", "String", "encodeURIComponent", "decodeURIComponent"]);
const GLOBAL_OBJECTS = /^(globalThis|global|window|self)$/;

/** Canonical module names: `node:fs` → `fs`, `fs/promises` → `fs`. */
export function canonicalModule(spec: string): string {
  const bare = spec.replace(/^node:/, "");
  if (bare === "fs/promises") return "fs";
  if (bare === "dns/promises") return "dns";
  if (bare === "timers/promises") return "timers";
  return bare;
}

/** `obj.name` once `obj` is known: resolves module members, the environment and object literals. */
export function member(ctx: JsContext, obj: Value, name: string, node: ts.Node, computed = false): Value {
  if (obj.props?.has(name)) return obj.props.get(name)!;
  if (obj.ref) {
    if (obj.ref === "process.env") {
      const v: Value = { taints: new Map([["env-var", [ctx.step(node, `process.env.${name}`)]]]) };
      return v;
    }
    if (obj.ref.startsWith("file:")) return ctx.exportOf(obj.ref, name) ?? unknown();
    let ref = `${obj.ref}.${name}`;
    if (GLOBAL_OBJECTS.test(obj.ref)) ref = name;
    ref = ref.replace(/^fs\.promises\./, "fs.").replace(/^(process\.mainModule|module)\.require$/, "require").replace(/^dns\.promises\./, "dns.");
    if (ref === "process.env") return { ref, taints: new Map([["env", [ctx.step(node, "process.env")]]]) };
    const v = refValue(ref, computed || obj.obfuscated);
    mergeTaints(v, obj);
    return v;
  }
  if (obj.str !== undefined && name === "length") return unknown();
  return obj.taints.size ? { taints: obj.taints } : unknown();
}

/** The value of an expression. Unknown constructs fall back to the union of their parts. */
export function evaluate(ctx: JsContext, node: ts.Node, scope: Scope): Value {
  ctx.tick();
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node)) return constant(node.text);
  if (ts.isTemplateExpression(node)) {
    const parts: Value[] = [constant(node.head.text)];
    for (const span of node.templateSpans) parts.push(evaluate(ctx, span.expression, scope), constant(span.literal.text));
    const v = concat(parts);
    return v.taints.size ? through(v, ctx.step(node, "template string")) : v;
  }
  if (ts.isIdentifier(node)) {
    const bound = scope.lookup(node.text);
    if (bound) return bound;
    return GLOBALS.has(node.text) ? refValue(node.text) : unknown();
  }
  if (ts.isPropertyAccessExpression(node)) return member(ctx, evaluate(ctx, node.expression, scope), node.name.text, node);
  if (ts.isElementAccessExpression(node)) {
    const obj = evaluate(ctx, node.expression, scope);
    const key = evaluate(ctx, node.argumentExpression, scope);
    if (key.str !== undefined) return member(ctx, obj, key.str, node, key.folded);
    if (obj.ref === "process.env") return { taints: new Map([["env-var", [ctx.step(node, "process.env[…]")]]]) };
    if (obj.ref && !obj.ref.startsWith("file:")) ctx.report.computedMember(obj.ref, node);
    return join([obj.items ? join(obj.items) : obj, key]);
  }
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return evaluateCall(ctx, node, scope);
  if (ts.isTaggedTemplateExpression(node)) {
    evaluate(ctx, node.tag, scope);
    return evaluate(ctx, node.template, scope);
  }
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node) || ts.isAwaitExpression(node) || ts.isSpreadElement(node)) {
    return evaluate(ctx, node.expression, scope);
  }
  if (ts.isBinaryExpression(node)) return evaluateBinary(ctx, node, scope);
  if (ts.isConditionalExpression(node)) {
    evaluate(ctx, node.condition, scope);
    return join([evaluate(ctx, node.whenTrue, scope), evaluate(ctx, node.whenFalse, scope)]);
  }
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    const fn: JsFunction = { node, scope, ctx };
    ctx.pending.push(fn);
    return { taints: new Map(), fn };
  }
  if (ts.isObjectLiteralExpression(node)) return evaluateObject(ctx, node, scope);
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map((e) => evaluate(ctx, e, scope));
    const v = join([unknown(), ...items]);
    return { ...v, items };
  }
  if (ts.isTypeNode(node)) return unknown();
  if (ts.isBlock(node)) {
    ctx.walk(node, scope);
    return unknown();
  }
  const parts: Value[] = [];
  ts.forEachChild(node, (child) => {
    parts.push(evaluate(ctx, child, scope));
  });
  const v = join([unknown(), ...parts]);
  return { taints: v.taints };
}

function evaluateBinary(ctx: JsContext, node: ts.BinaryExpression, scope: Scope): Value {
  const op = node.operatorToken.kind;
  if (op === ts.SyntaxKind.EqualsToken || op === ts.SyntaxKind.PlusEqualsToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) {
    let value = evaluate(ctx, node.right, scope);
    if (op === ts.SyntaxKind.PlusEqualsToken) value = concat([evaluate(ctx, node.left, scope), value]);
    else if (op !== ts.SyntaxKind.EqualsToken) value = join([evaluate(ctx, node.left, scope), value]);
    assignTo(ctx, node.left, value, scope);
    return value;
  }
  const left = evaluate(ctx, node.left, scope);
  const right = evaluate(ctx, node.right, scope);
  if (op === ts.SyntaxKind.PlusToken) return concat([left, right]);
  if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return left.str !== undefined || left.ref || left.fn ? left : join([left, right]);
  if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.CommaToken) return right;
  return unknown();
}

function evaluateObject(ctx: JsContext, node: ts.ObjectLiteralExpression, scope: Scope): Value {
  const props = new Map<string, Value>();
  const out = unknown();
  for (const p of node.properties) {
    let v: Value;
    if (ts.isPropertyAssignment(p)) v = evaluate(ctx, p.initializer, scope);
    else if (ts.isShorthandPropertyAssignment(p)) v = evaluate(ctx, p.name, scope);
    else if (ts.isSpreadAssignment(p)) v = evaluate(ctx, p.expression, scope);
    else if (ts.isMethodDeclaration(p) || ts.isGetAccessorDeclaration(p)) {
      const fn: JsFunction = { node: p, scope, ctx };
      ctx.pending.push(fn);
      v = { taints: new Map(), fn };
    } else continue;
    mergeTaints(out, v);
    if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) props.set(p.name.text, v);
  }
  return { ...out, props };
}

/** Assigns a value to a target: a name, a destructuring pattern, or a member (module.exports). */
export function assignTo(ctx: JsContext, target: ts.Node, value: Value, scope: Scope, declare = false): void {
  if (ts.isIdentifier(target)) {
    if (declare) scope.declare(target.text, value);
    else scope.assign(target.text, value);
    return;
  }
  if (ts.isObjectBindingPattern(target) || ts.isObjectLiteralExpression(target)) {
    const elements = ts.isObjectBindingPattern(target) ? target.elements : target.properties;
    for (const el of elements) {
      if (ts.isBindingElement(el)) {
        const key = el.propertyName ?? el.name;
        const keyText = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
        let v = el.dotDotDotToken ? value : keyText !== undefined ? member(ctx, value, keyText, el) : join([value]);
        if (el.initializer) {
          const fallback = evaluate(ctx, el.initializer, scope);
          if (!v.ref && !v.fn && v.str === undefined) v = join([v, fallback]);
        }
        assignTo(ctx, el.name, v, scope, declare);
      } else if (ts.isShorthandPropertyAssignment(el)) assignTo(ctx, el.name, member(ctx, value, el.name.text, el), scope, declare);
      else if (ts.isPropertyAssignment(el) && ts.isIdentifier(el.name)) assignTo(ctx, el.initializer, member(ctx, value, el.name.text, el), scope, declare);
    }
    return;
  }
  if (ts.isArrayBindingPattern(target) || ts.isArrayLiteralExpression(target)) {
    target.elements.forEach((el, i) => {
      const item = value.items?.[i] ?? { taints: value.taints };
      if (ts.isBindingElement(el)) assignTo(ctx, el.name, item, scope, declare);
      else if (!ts.isOmittedExpression(el)) assignTo(ctx, el, item, scope, declare);
    });
    return;
  }
  if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
    // obj.x = v: keep what object literals know, so `module.exports.f = …` and `cfg.cmd = …` resolve
    const base = target.expression;
    const key = ts.isPropertyAccessExpression(target) ? target.name.text : evaluate(ctx, target.argumentExpression, scope).str;
    const obj = evaluate(ctx, base, scope);
    if (key !== undefined && obj.props) obj.props.set(key, value);
    else if (key !== undefined && ts.isIdentifier(base)) scope.assign(base.text, { ...obj, props: new Map([...(obj.props ?? []), [key, value]]) });
    if (ts.isIdentifier(base) && value.taints.size) mergeTaints(scope.lookup(base.text) ?? obj, value);
  }
}

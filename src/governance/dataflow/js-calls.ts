import ts from "typescript";
import { canonicalModule, evaluate, member, type JsContext } from "./js-eval";
import type { Scope } from "./scope";
import type { Effect, EffectFrames } from "./effects";
import { classifySink, isCredentialPath, type SinkCall } from "./sinks";
import { concat, constant, join, knownText, mergeTaints, refValue, tainted, through, unknown, type TaintKind, type Value } from "./value";

/** Where the front end sends what it finds. */
export interface Reporter {
  sink(call: SinkCall): void;
  /** A member of a sensitive module or a global chosen by a name computed at run time. */
  computedMember(ref: string, node: ts.Node): void;
  /** A sink reached through a name assembled from pieces (`globalThis["ev" + "al"]`). */
  obfuscatedAccess(ref: string, node: ts.Node): void;
  /** effects of the functions being evaluated */
  readonly frames: EffectFrames;
  /** A tool's promises (description, annotations) against its handler's effects. */
  toolClaims(tool: string, claimText: string, effects: ReadonlySet<Effect>, node: ts.Node): void;
}

/** SDK calls whose function arguments handle tool calls: their parameters are tool arguments. */
const TOOL_REGISTRATION = /^(tool|registerTool|addTool|setRequestHandler|prompt|registerPrompt|resource|registerResource)$/;
/** Calls that check or neutralize a value: what comes out no longer carries a tool argument. */
const SANITIZER = /valid|saniti[sz]|escape|quote|safe|allow|whitelist|assert|verify|^check|^ensure|^is[A-Z]|contain/i;
const NUMERIC = /^(Number|parseInt|parseFloat|Boolean|Math\.\w+|Date\.\w+)$/;
const STRING_METHODS = new Set(["toString", "valueOf", "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "normalize"]);

function calleeName(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

/** Strips what a check removes: tool arguments and unknown parameters. */
export function sanitized(v: Value): Value {
  const taints = new Map(v.taints);
  taints.delete("arg");
  taints.delete("param");
  return { ...v, taints, items: v.items?.map(sanitized) };
}

function decode(data: Value, encoding: Value): Value | undefined {
  if (data.str === undefined || (encoding.str !== "base64" && encoding.str !== "hex" && encoding.str !== "base64url")) return undefined;
  return { str: Buffer.from(data.str, encoding.str as BufferEncoding).toString("utf8"), folded: true, decoded: true, taints: new Map() };
}

/** Folds the string methods obfuscators use: split/reverse/join/replace/fromCharCode. */
function foldStringMethod(method: string, recv: Value, args: Value[]): Value | undefined {
  if (recv.str !== undefined) {
    if (STRING_METHODS.has(method)) return recv;
    if (method === "split" && args[0]?.str !== undefined) return { taints: new Map(), items: recv.str.split(args[0].str).map((s) => ({ ...constant(s), folded: true })) };
    if ((method === "replace" || method === "replaceAll") && args[0]?.str !== undefined && args[1]?.str !== undefined) return { ...constant(recv.str.split(args[0].str).join(args[1].str)), folded: true, decoded: recv.decoded };
    if (method === "concat") return concat([recv, ...args]);
  }
  if (recv.items && recv.items.every((i) => i.str !== undefined)) {
    if (method === "reverse") return { ...recv, items: [...recv.items].reverse() };
    if (method === "join") return { ...constant(recv.items.map((i) => i.str).join(args[0]?.str ?? ",")), folded: true };
  }
  return undefined;
}

function sinkCall(ctx: JsContext, node: ts.Node, ref: string, args: Value[], method: string | undefined): SinkCall | undefined {
  const kind = classifySink(ref);
  if (!kind) return undefined;
  const line = ctx.sf.getLineAndCharacterOfPosition(node.getStart(ctx.sf)).line + 1;
  const base = { ref, file: ctx.file, line, rest: args.slice(1) };
  const options = args.find((a, i) => i > 0 && a.props);
  if (kind === "spawn") {
    const argv = [args[0] ?? unknown(), ...(args[1]?.items ?? (args[1] && !args[1].props ? [args[1]] : []))];
    const shell = options?.props?.get("shell");
    if (shell && (shell.str === undefined || shell.str !== "false")) return { ...base, kind: "shell", target: concat(argv.flatMap((a, i) => (i ? [constant(" "), a] : [a]))) };
    return { ...base, kind, target: argv[0], argv };
  }
  if (kind === "eval") {
    if (args[0]?.fn || !args.length) return undefined;
    return { ...base, kind, target: ref === "Function" ? args[args.length - 1] : args[0] };
  }
  if (kind === "network" && method && /^(write|send|end)$/.test(method)) return { ...base, kind, target: constant(""), rest: args };
  if (kind === "network" && args[0]?.props) return { ...base, kind, target: join(["href", "url", "host", "hostname"].map((k) => args[0].props!.get(k) ?? constant(""))), rest: args };
  return { ...base, kind, target: args[0] ?? unknown() };
}

/** Returns what reading a file yields: credential data for credential stores, file contents otherwise. */
function fileContents(ctx: JsContext, node: ts.Node, path: Value): Value {
  const kind: TaintKind = isCredentialPath(knownText(path)) || path.taints.has("credential") ? "credential" : "file";
  const step = ctx.step(node, `read ${knownText(path) ?? "a file"}`);
  const out = tainted(kind, step);
  if (kind === "file" && path.taints.has("arg")) out.taints.set("user-file", [...path.taints.get("arg")!, step]);
  return out;
}

/** Calls and `new`: builtins folded, sinks judged, tool handlers entered, local functions followed. */
export function evaluateCall(ctx: JsContext, node: ts.CallExpression | ts.NewExpression, scope: Scope): Value {
  const args = (node.arguments ?? []).map((a) => evaluate(ctx, a, scope));
  const callee0 = node.expression;
  if (callee0.kind === ts.SyntaxKind.ImportKeyword) {
    const spec = args[0] ?? unknown();
    if (spec.str !== undefined && !spec.folded && !/^data:/i.test(spec.str)) return ctx.moduleValue(spec.str) ?? refValue(canonicalModule(spec.str));
    ctx.report.sink({ ...sinkCall(ctx, node, "require", args, undefined)!, ref: "import()" });
    return unknown();
  }
  let receiver: Value | undefined;
  let callee: Value;
  const method = ts.isPropertyAccessExpression(callee0) ? callee0.name.text : undefined;
  if (ts.isPropertyAccessExpression(callee0)) {
    receiver = evaluate(ctx, callee0.expression, scope);
    callee = member(ctx, receiver, callee0.name.text, callee0);
  } else callee = evaluate(ctx, callee0, scope);
  const ref = callee.ref;
  if (callee.obfuscated && ref && (classifySink(ref) || ref === "Function")) ctx.report.obfuscatedAccess(ref, node);
  if (ref === "require") {
    const spec = args[0] ?? unknown();
    if (spec.str !== undefined && !spec.folded) return ctx.moduleValue(spec.str) ?? refValue(canonicalModule(spec.str));
    ctx.report.sink(sinkCall(ctx, node, "require", args, method)!);
    return spec.str !== undefined ? refValue(canonicalModule(spec.str)) : unknown();
  }
  if (ref === "os.homedir") return constant("~");
  if (ref === "os.tmpdir") return constant("/tmp");
  if (ref && /^path(\.posix|\.win32)?\.(join|resolve)$/.test(ref)) return concat(args.flatMap((a, i) => (i ? [constant("/"), a] : [a])));
  if (ref === "Buffer.from" || ref === "atob") {
    const decoded = decode(args[0] ?? unknown(), ref === "atob" ? constant("base64") : (args[1] ?? unknown()));
    if (decoded) return decoded;
  }
  if (ref === "String.fromCharCode" && args.every((a) => a.str !== undefined && /^\d+$/.test(a.str))) return { ...constant(String.fromCharCode(...args.map((a) => Number(a.str)))), folded: true };
  if (method && receiver) {
    const folded = foldStringMethod(method, receiver, args);
    if (folded) return folded;
  }
  const call = ref ? sinkCall(ctx, node, ts.isNewExpression(node) && ref === "Function" ? "Function" : ref, args, method) : undefined;
  if (call) {
    ctx.report.sink(call);
    if (call.kind === "network") return { ...tainted("remote", ctx.step(node, `response of ${ref}`)), ref: `${ref}()` };
    if (call.kind === "file-read") return fileContents(ctx, node, call.target);
    return join(args);
  }
  const name = calleeName(callee0);
  if (name && TOOL_REGISTRATION.test(name) && method) {
    for (const a of args) {
      const handler = a.fn ?? a.props?.get("execute")?.fn ?? a.props?.get("handler")?.fn;
      if (handler) {
        const input = tainted("arg", ctx.step(node, `tool argument of ${args[0]?.str ?? name}`));
        ctx.report.frames.begin();
        try {
          ctx.callFunction(handler as never, [input, input]);
        } finally {
          const effects = ctx.report.frames.end();
          // the registration's own text (description, annotations), without the handler's code
          const claims = (node.arguments ?? []).filter((a) => !ts.isArrowFunction(a) && !ts.isFunctionExpression(a)).map((a) => a.getText(ctx.sf)).join("\n");
          ctx.report.toolClaims(args[0]?.str ?? name, claims, effects, node);
        }
      }
    }
    return unknown();
  }
  if (callee.fn) return ctx.callFunction(callee.fn as never, args);
  if (name && SANITIZER.test(name)) {
    // a check on a variable (`if (!isSafe(x))`, `allowed.includes(x)`) clears it for the rest of the scope
    for (const a of node.arguments ?? []) if (ts.isIdentifier(a) && scope.lookup(a.text)) scope.assign(a.text, sanitized(scope.lookup(a.text)!));
    return sanitized(join([unknown(), ...args]));
  }
  if (method && /^(test|includes|has|startsWith|match|exec)$/.test(method) && receiver) {
    for (const a of node.arguments ?? []) if (ts.isIdentifier(a) && scope.lookup(a.text) && (receiver.str === undefined || method === "test")) scope.assign(a.text, sanitized(scope.lookup(a.text)!));
    // `ALLOWED_HOSTS.has(u.hostname)`: checking where a URL points confines the URL itself
    for (const a of node.arguments ?? []) {
      if (receiver.str === undefined && ts.isPropertyAccessExpression(a) && /^(hostname|host|origin)$/.test(a.name.text) && ts.isIdentifier(a.expression) && scope.lookup(a.expression.text)) {
        scope.assign(a.expression.text, sanitized(scope.lookup(a.expression.text)!));
      }
    }
    if (method === "startsWith" && ts.isIdentifier((callee0 as ts.PropertyAccessExpression).expression)) {
      const id = (callee0 as ts.PropertyAccessExpression).expression as ts.Identifier;
      if (scope.lookup(id.text)) scope.assign(id.text, sanitized(scope.lookup(id.text)!));
    }
    return unknown();
  }
  if ((ref && NUMERIC.test(ref)) || (name && NUMERIC.test(name))) return unknown();
  // callbacks of unknown calls see the receiver's data (`list.map((x) => …)`, `p.then((r) => …)`)
  const plain = args.filter((a) => !a.fn);
  const flowing = join([unknown(), ...(receiver ? [receiver] : []), ...plain]);
  for (const a of args) if (a.fn) ctx.callFunction(a.fn as never, [through(flowing, ctx.step(node, "callback")), flowing]);
  const out: Value = { taints: new Map(flowing.taints) };
  if (receiver?.items) mergeTaints(out, join(receiver.items));
  if (ts.isNewExpression(node) && ref) return { ...refValue(`${ref}()`), taints: out.taints };
  if (ref && /^(axios|got|ky)\.(create|extend)$/.test(ref)) return refValue(ref.split(".")[0]);
  return out;
}

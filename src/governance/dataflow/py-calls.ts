import type { SgNode } from "@ast-grep/napi";
import { sanitized } from "./js-calls";
import { canonicalPy, evaluatePy, pyMember, type PyContext, type PyFunction } from "./py-eval";
import type { Scope } from "./scope";
import { classifySink, isCredentialPath, type SinkCall } from "./sinks";
import { concat, constant, join, knownText, refValue, tainted, unknown, type Value } from "./value";

const SANITIZER = /valid|saniti[sz]|escape|quote|safe|allow|whitelist|assert|verify|^check|^ensure|^is_|contain/i;
const NUMERIC = /^(int|float|bool|len|abs|round|hash|min)$/;
const NORMALIZE = /^os\.path\.(realpath|abspath|normpath)$/;
/** Containment checks of a path: they confine it only once `..` is resolved (realpath, resolve). */
const CONTAINMENT = /^(startswith|is_relative_to|relative_to)$/;
const PASS_THROUGH = /^(str|bytes|Path|os\.path\.(expanduser|expandvars|abspath|realpath|normpath)|PurePath|PosixPath)$/;
const STRING_METHODS = new Set(["decode", "encode", "strip", "lstrip", "rstrip", "lower", "upper", "expanduser", "resolve", "absolute", "as_posix", "__str__"]);

function rot13(s: string): string {
  return s.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c <= "Z" ? 65 : 97)));
}

/** Constant folding of the decoders and string methods obfuscated payloads use. */
function foldPy(ref: string | undefined, method: string | undefined, recv: Value | undefined, args: Value[]): Value | undefined {
  const a0 = args[0]?.str;
  const decoded = (s: string) => ({ ...constant(s), folded: true, decoded: true });
  if (ref && /^base64\.(b64decode|standard_b64decode|urlsafe_b64decode|b32decode)$/.test(ref) && a0 !== undefined) return decoded(Buffer.from(a0, ref.includes("b32") ? "base64" : "base64").toString("utf8"));
  if ((ref === "bytes.fromhex" || ref === "binascii.unhexlify") && a0 !== undefined) return decoded(Buffer.from(a0, "hex").toString("utf8"));
  if (ref === "codecs.decode" && a0 !== undefined && /rot.?13/i.test(args[1]?.str ?? "")) return decoded(rot13(a0));
  if (ref === "chr" && a0 !== undefined) return { ...constant(String.fromCharCode(Number(a0))), folded: true };
  if (recv?.str !== undefined && method) {
    if (STRING_METHODS.has(method)) return recv;
    if (method === "format") return concat([constant(recv.str.split("{")[0]), ...args]);
    if (method === "join" && args[0]?.items?.every((i) => i.str !== undefined)) return { ...constant(args[0].items.map((i) => i.str).join(recv.str)), folded: true };
    if (method === "replace" && a0 !== undefined && args[1]?.str !== undefined) return { ...constant(recv.str.split(a0).join(args[1].str)), folded: true, decoded: recv.decoded };
  }
  if (recv && method && STRING_METHODS.has(method) && (recv.prefix !== undefined || recv.ref === "Path()")) return recv;
  return undefined;
}

function buildSink(ctx: PyContext, node: SgNode, ref: string, args: Value[], kw: Map<string, Value>, method: string | undefined, recv: Value | undefined): SinkCall | undefined {
  let kind = classifySink(ref);
  const base = { ref, file: ctx.file, line: ctx.line(node), rest: [...args.slice(1), ...kw.values()] };
  if (ref === "open" || (method === "open" && recv?.ref === "Path()")) {
    const path = ref === "open" ? (args[0] ?? kw.get("file") ?? unknown()) : recv!;
    const mode = (ref === "open" ? (args[1] ?? kw.get("mode")) : (args[0] ?? kw.get("mode")))?.str ?? "r";
    return { ...base, kind: /[wax+]/.test(mode) ? "file-write" : "file-read", target: path };
  }
  if (!kind && method && /^(read_text|read_bytes|write_text|write_bytes)$/.test(method) && recv && (recv.str !== undefined || recv.prefix !== undefined || recv.configuredBase || recv.ref === "Path()")) {
    return { ...base, kind: method.startsWith("read") ? "file-read" : "file-write", target: recv };
  }
  if (!kind) return undefined;
  const first = args[0] ?? kw.get("args") ?? kw.get("url") ?? kw.get("source") ?? kw.get("text") ?? unknown();
  if (kind === "spawn" || kind === "shell") {
    const shellKw = kw.get("shell");
    if (kind === "spawn" && shellKw && shellKw.str !== undefined && shellKw.str !== "False" && !first.items) kind = "shell";
    if (kind === "shell") return { ...base, kind, target: first.items ? concat(first.items.flatMap((a, i) => (i ? [constant(" "), a] : [a]))) : first };
    const argv = ref.startsWith("os.") ? args.slice(1).flatMap((a) => a.items ?? [a]) : (first.items ?? [first]);
    return { ...base, kind, target: argv[0] ?? first, argv };
  }
  if (kind === "deserialize") {
    const loader = kw.get("Loader") ?? args[1];
    const safe = ref.startsWith("yaml.") && ref !== "yaml.unsafe_load" && loader !== undefined && /Safe|Base/.test(loader.ref ?? loader.str ?? "");
    return { ...base, kind, target: first, safe };
  }
  if (kind === "network" && method && /^(send|sendall|sendto|write)$/.test(method)) return { ...base, kind, target: constant(""), rest: [...args, ...kw.values()] };
  return { ...base, kind, target: first };
}

/** A Python call: imports and getattr resolved, decoders folded, sinks judged, functions followed. */
export function evaluatePyCall(ctx: PyContext, node: SgNode, scope: Scope): Value {
  const fnNode = node.field("function")!;
  const argNodes = node.field("arguments")?.children().filter((c) => c.isNamed() && c.kind() !== "comment") ?? [];
  const args: Value[] = [];
  const kw = new Map<string, Value>();
  for (const a of argNodes) {
    if (a.kind() === "keyword_argument") kw.set(a.field("name")!.text(), evaluatePy(ctx, a.field("value")!, scope));
    else args.push(evaluatePy(ctx, a, scope));
  }
  let recv: Value | undefined;
  let callee: Value;
  const method = fnNode.kind() === "attribute" ? fnNode.field("attribute")!.text() : undefined;
  if (fnNode.kind() === "attribute") {
    recv = evaluatePy(ctx, fnNode.field("object")!, scope);
    callee = pyMember(ctx, recv, method!, fnNode);
  } else callee = evaluatePy(ctx, fnNode, scope);
  const ref = callee.ref !== undefined ? canonicalPy(callee.ref) : undefined;
  const name = method ?? (fnNode.kind() === "identifier" ? fnNode.text() : undefined);
  if (callee.obfuscated && ref && classifySink(ref)) ctx.obfuscatedAccess(ref, node);
  if (ref === "__import__" || ref === "importlib.import_module") {
    const mod = args[0] ?? unknown();
    if (mod.str !== undefined && !mod.folded && !mod.decoded) return refValue(mod.str.split(".")[0] === mod.str ? mod.str : mod.str);
    ctx.sink({ kind: "import", ref, file: ctx.file, line: ctx.line(node), target: mod, rest: [] });
    return mod.str !== undefined ? refValue(mod.str) : unknown();
  }
  if (ref === "getattr" || ref === "setattr") {
    const key = args[1] ?? unknown();
    if (key.str !== undefined) return pyMember(ctx, args[0] ?? unknown(), key.str, node, key.folded);
    if (args[0]?.ref) ctx.computedMember(args[0].ref, node);
    return unknown();
  }
  if (ref === "os.getenv" || ((ref === "os.environ.get" || ref === "os.environ.setdefault") && recv?.ref === "os.environ")) {
    return args[0]?.str === "HOME" ? constant("~") : tainted("env-var", ctx.step(node, `environment variable ${args[0]?.str ?? "…"}`));
  }
  if (ref === "Path.home" || ref === "os.path.expanduser" && args[0]?.str === "~") return { ...constant("~"), ref: "Path()" };
  if (ref === "os.path.join") return concat(args.flatMap((a, i) => (i ? [constant("/"), a] : [a])));
  if (method === "joinpath" && recv && (!recv.ref || recv.ref === "Path()")) return { ...concat([recv, ...args.flatMap((a) => [constant("/"), a])]), ref: "Path()" };
  if (method && /^(resolve|absolute)$/.test(method) && recv && (!recv.ref || recv.ref === "Path()")) return { ...recv, normalized: method === "resolve" || recv.normalized };
  const folded = foldPy(ref, method, recv, args);
  if (folded) return folded;
  if (ref && PASS_THROUGH.test(ref)) return { ...(args[0] ?? unknown()), ref: ref === "Path" || ref === "PurePath" || ref === "PosixPath" ? "Path()" : args[0]?.ref, ...(NORMALIZE.test(ref) ? { normalized: true } : {}) };
  if (method && CONTAINMENT.test(method) && recv?.normalized) {
    const obj = fnNode.field("object")!;
    if (obj.kind() === "identifier" && scope.lookup(obj.text())) scope.assign(obj.text(), sanitized(scope.lookup(obj.text())!));
    return unknown();
  }
  if (ref === "os.path.commonpath" || ref === "os.path.commonprefix") {
    for (const item of argNodes[0]?.children().filter((c) => c.kind() === "identifier") ?? []) {
      const bound = scope.lookup(item.text());
      if (bound?.normalized) scope.assign(item.text(), sanitized(bound));
    }
    return unknown();
  }
  const call = ref || method ? buildSink(ctx, node, ref ?? "", args, kw, method, recv) : undefined;
  if (call) {
    ctx.sink(call);
    if (call.kind === "network") return { ...tainted("remote", ctx.step(node, `response of ${ref}`)), ref: `${ref}()` };
    if (call.kind === "file-read") {
      const cred = isCredentialPath(knownText(call.target)) || call.target.taints.has("credential");
      const step = ctx.step(node, `read ${knownText(call.target) ?? "a file"}`);
      const out = tainted(cred ? "credential" : "file", step);
      if (!cred && call.target.taints.has("arg")) out.taints.set("user-file", [...call.target.taints.get("arg")!, step]);
      return out;
    }
    return join([unknown(), ...args, ...kw.values()]);
  }
  if (callee.fn) return ctx.callFunction(callee.fn as PyFunction, args, kw);
  if (name && SANITIZER.test(name)) {
    for (const a of argNodes) if (a.kind() === "identifier" && scope.lookup(a.text())) scope.assign(a.text(), sanitized(scope.lookup(a.text())!));
    return sanitized(join([unknown(), ...args]));
  }
  if (method && /^(match|fullmatch|search)$/.test(method) && recv?.ref?.startsWith("re.")) {
    for (const a of argNodes) if (a.kind() === "identifier" && scope.lookup(a.text())) scope.assign(a.text(), sanitized(scope.lookup(a.text())!));
  }
  if (ref && /^re\.(match|fullmatch|search)$/.test(ref)) {
    for (const a of argNodes.slice(1)) if (a.kind() === "identifier" && scope.lookup(a.text())) scope.assign(a.text(), sanitized(scope.lookup(a.text())!));
  }
  if ((name && NUMERIC.test(name)) || (ref && NUMERIC.test(ref))) return unknown();
  if (method === "get" && recv?.props) return recv.props.get(args[0]?.str ?? "") ?? join([{ taints: recv.taints }, ...(args[1] ? [args[1]] : [])]);
  const plain = args.filter((a) => !a.fn);
  const flowing = join([unknown(), ...(recv ? [{ taints: recv.taints }] : []), ...plain, ...kw.values()]);
  for (const a of args) if (a.fn) ctx.callFunction(a.fn as PyFunction, [flowing], new Map());
  // calling a class or factory of a module gives an instance whose methods resolve (`socket.socket()`)
  if (ref && !ref.endsWith("()") && /^[a-z_][\w.]*\.[A-Za-z_]\w*$/.test(ref)) return { ...refValue(`${ref}()`), taints: flowing.taints };
  return { taints: flowing.taints };
}

import type { SgNode } from "@ast-grep/napi";
import type { Finding, Severity } from "./findings";

/**
 * Structural rules for resource exhaustion and server-side template injection (issue 11), and a
 * per-tool check of a description's or annotations' claims against what the handler's code does.
 * Kept apart from ast-rules.ts so that each family of rules can be read and tuned on its own.
 */

type Family = "js" | "py";
type Matcher = Parameters<SgNode["findAll"]>[0];

export interface AbuseRule {
  id: string;
  family: Family;
  severity: Severity;
  message: string;
  rule: Record<string, unknown>;
}

// an argument that is not a constant: a name, a field, arithmetic or an interpolated string
const JS_INPUT = { any: [{ kind: "identifier", not: { regex: "^[A-Z][A-Z0-9_]*$" } }, { kind: "member_expression" }, { kind: "binary_expression" }, { kind: "template_string", has: { kind: "template_substitution" } }, { kind: "subscript_expression" }] };
const PY_INPUT = { any: [{ kind: "identifier", not: { regex: "^[A-Z][A-Z0-9_]*$" } }, { kind: "attribute" }, { kind: "subscript" }, { kind: "binary_operator" }, { kind: "call", regex: "^(int|float|len|str)\\(" }] };
const firstArg = (input: Record<string, unknown>) => ({ has: { field: "arguments", has: { nthChild: 1, pattern: "$N", ...input } } });
// the size is compared with a bound somewhere in an enclosing block (`if (total > maxBytes) throw`)
const boundedIn = (block: string) => ({ inside: { kind: block, stopBy: "end", has: { stopBy: "end", any: [{ pattern: "$N > $B" }, { pattern: "$N >= $B" }, { pattern: "$B < $N" }, { pattern: "$B <= $N" }] } } });
const SPAWN_JS = "\\b(fork|spawn|spawnSync|exec|execSync|execFile|cluster\\.fork|new Worker)\\s*\\(";
const SPAWN_PY = "\\b(os\\.fork|subprocess\\.\\w+|os\\.system|os\\.spawn\\w*|multiprocessing\\.Process|threading\\.Thread)\\s*\\(";

export const ABUSE_RULES: AbuseRule[] = [
  { id: "exhaustion/alloc-from-input", family: "js", severity: "high", message: "allocation sized by input without a bound (memory exhaustion)", rule: { kind: "call_expression", regex: "^(Buffer\\.(alloc|allocUnsafe|allocUnsafeSlow)|new Array|Array|new ArrayBuffer|new Uint8Array)\\(", not: { any: [{ regex: "Math\\.min" }, boundedIn("statement_block")] }, ...firstArg(JS_INPUT) } },
  { id: "exhaustion/alloc-from-input", family: "js", severity: "high", message: "allocation sized by input without a bound (memory exhaustion)", rule: { any: [{ kind: "new_expression", regex: "^new (Array|ArrayBuffer|Uint8Array|SharedArrayBuffer)\\(", not: { any: [{ regex: "Math\\.min" }, boundedIn("statement_block")] }, ...firstArg(JS_INPUT) } ] } },
  // a local counter (`"`".repeat(n)` growing a fence) is everyday code: only a field of the input counts
  { id: "exhaustion/alloc-from-input", family: "js", severity: "medium", message: "string repeated a number of times taken from input without a bound", rule: { kind: "call_expression", regex: "\\.repeat\\(", not: { regex: "Math\\.min" }, ...firstArg({ kind: "member_expression" }) } },
  { id: "exhaustion/spawn-loop", family: "js", severity: "critical", message: "processes spawned in an unbounded loop (fork bomb)", rule: { any: [{ kind: "while_statement", has: { field: "condition", regex: "^\\(\\s*(true|1|!0)\\s*\\)$" } }, { kind: "for_statement", regex: "^for\\s*\\(\\s*;\\s*;\\s*\\)" }], regex: SPAWN_JS } },
  { id: "exhaustion/infinite-source", family: "js", severity: "high", message: "reads an endless device (/dev/zero, /dev/urandom) without a bound", rule: { kind: "call_expression", regex: "(readFileSync|readFile|createReadStream)\\(\\s*['\"`]/dev/(zero|urandom|random)" } },
  { id: "exhaustion/unbounded-decompress", family: "js", severity: "medium", message: "decompression without maxOutputLength (zip bomb)", rule: { kind: "call_expression", regex: "^zlib\\.(gunzip|inflate|inflateRaw|unzip|brotliDecompress)(Sync)?\\(", not: { regex: "maxOutputLength" } } },
  { id: "exhaustion/spawn-loop", family: "py", severity: "critical", message: "processes spawned in an unbounded loop (fork bomb)", rule: { kind: "while_statement", has: { field: "condition", regex: "^(True|1)$" }, regex: SPAWN_PY } },
  { id: "exhaustion/alloc-from-input", family: "py", severity: "high", message: "allocation sized by input without a bound (memory exhaustion)", rule: { any: [{ kind: "call", regex: "^(bytearray|bytes|os\\.urandom|array\\.array)\\(", not: { regex: "\\bmin\\(" }, has: { field: "arguments", has: { nthChild: 1, ...PY_INPUT } } }, { kind: "binary_operator", regex: "^(b?['\"][^'\"]*['\"]|\\[[^\\]]*\\])\\s*\\*\\s*", not: { regex: "\\bmin\\(" }, has: { field: "right", ...PY_INPUT, not: { kind: "identifier" } } }] } },
  // `"=" * width`, `[greeting] * times`: a count the caller gives, used as given (a rule line, a
  // repeated greeting) is everyday code; amplified (`* 1024`, `n * m`) it stays high above
  { id: "exhaustion/alloc-from-input", family: "py", severity: "medium", message: "sequence repeated a number of times taken from input without a bound", rule: { kind: "binary_operator", regex: "^(b?['\"][^'\"]*['\"]|\\[[^\\]]*\\])\\s*\\*\\s*", has: { field: "right", kind: "identifier", not: { regex: "^[A-Z][A-Z0-9_]*$" } } } },
  { id: "exhaustion/infinite-source", family: "py", severity: "high", message: "reads an endless device (/dev/zero, /dev/urandom) without a bound", rule: { kind: "call", regex: "^open\\(\\s*['\"]/dev/(zero|urandom|random)" } },
  { id: "exhaustion/recursion-limit", family: "py", severity: "medium", message: "recursion limit raised (unbounded recursion on input)", rule: { kind: "call", regex: "^sys\\.setrecursionlimit\\(" } },
  { id: "exhaustion/unbounded-decompress", family: "py", severity: "medium", message: "whole-buffer decompression without a size bound (zip bomb)", rule: { kind: "call", regex: "^(zlib|gzip|bz2|lzma)\\.decompress\\(" } },
  { id: "injection/template", family: "js", severity: "high", message: "server-side template compiled from input (template injection)", rule: { kind: "call_expression", regex: "^(ejs\\.(render|compile)|[Hh]andlebars\\.(compile|precompile)|nunjucks\\.(renderString|compile)|pug\\.(render|compile)|_\\.template|lodash\\.template|template|dot\\.template|doT\\.template|Mustache\\.render|mustache\\.render)\\(", ...firstArg(JS_INPUT) } },
  { id: "injection/template", family: "py", severity: "high", message: "server-side template compiled from input (template injection)", rule: { kind: "call", regex: "^(jinja2\\.Template|Template|\\w*\\.?from_string|render_template_string|mako\\.template\\.Template|Environment\\(\\)\\.from_string)\\(", has: { field: "arguments", has: { nthChild: 1, ...PY_INPUT } } } },
  { id: "injection/format-string", family: "py", severity: "high", message: "format string taken from input (attribute access through str.format)", rule: { kind: "call", has: { field: "function", kind: "attribute", regex: "^(\\w*(arg|param|input|request|template|tmpl|fmt|format|user|query|pattern)\\w*|\\w+\\[[^\\]]+\\])\\.(format|format_map)$" } } },
  { id: "injection/fstring-eval", family: "py", severity: "critical", message: "f-string assembled from input and evaluated", rule: { kind: "call", regex: "^(eval|exec)\\(", has: { field: "arguments", regex: "f['\"]|['\"]f['\"]", has: { stopBy: "end", ...PY_INPUT } } } },
];

// what a description or annotation promises about the tool
const CLAIM_READ_ONLY = /\b(read[- ]only|does not (modify|write|change)|never (modifies|writes)|no side[- ]effects?|without (modifying|changing))\b/i;
const CLAIM_LOCAL = /\b(does not (access|use|contact|reach) the (network|internet)|no network|offline|local only|locally|never (sends|leaves))\b/i;
const CLAIM_NO_EXEC = /\b(does not (run|execute|spawn)|no (commands|processes))\b/i;

const WRITES = { js: /\b(writeFile(Sync)?|appendFile(Sync)?|createWriteStream|unlink(Sync)?|rmSync|rm|rmdir(Sync)?|rename(Sync)?|truncate(Sync)?|chmod(Sync)?)\s*\(/, py: /\bopen\([^)]*['"][wax]b?\+?['"]|\.(write_text|write_bytes|unlink|rmdir)\(|\b(os\.(remove|unlink|rename|chmod)|shutil\.(rmtree|move|copy\w*))\(/ };
const DELETES = { js: /\b(unlink(Sync)?|rmSync|rm|rmdir(Sync)?|truncate(Sync)?)\s*\(/, py: /\.(unlink|rmdir)\(|\b(os\.(remove|unlink|rmdir)|shutil\.rmtree)\(/ };
const SPAWNS = { js: new RegExp(SPAWN_JS), py: new RegExp(SPAWN_PY) };
const NETWORK = { js: /\b(fetch|axios(\.\w+)?|got|https?\.(request|get)|net\.connect|dgram\.createSocket|new WebSocket|undici\.request)\s*\(/, py: /\b(requests\.\w+|httpx\.\w+|urllib\.request\.\w+|urlopen|socket\.socket|aiohttp\.ClientSession|smtplib\.SMTP)\s*\(/ };

/** A tool definition together with its handler: the JS registration call or the decorated Python function. */
const TOOL_DEFINITION: Record<Family, Record<string, unknown>> = {
  js: { kind: "call_expression", regex: "^[\\w.]*\\.(tool|registerTool)\\(" },
  py: { kind: "decorated_definition", has: { kind: "decorator", regex: "\\.tool\\b|^@tool\\b" } },
};

/** Claims of a tool (description text and annotations) that its own handler contradicts. */
function mismatches(text: string, family: Family): string[] {
  const out: string[] = [];
  const readOnly = CLAIM_READ_ONLY.test(text) || /readOnlyHint["']?\s*[:=]\s*(true|True)/.test(text);
  const notDestructive = /destructiveHint["']?\s*[:=]\s*(false|False)/.test(text);
  const local = CLAIM_LOCAL.test(text) || /openWorldHint["']?\s*[:=]\s*(false|False)/.test(text);
  if (readOnly && WRITES[family].test(text)) out.push("claims to be read-only but writes or deletes files");
  if (!readOnly && notDestructive && DELETES[family].test(text)) out.push("is marked not destructive but deletes files");
  if (readOnly && SPAWNS[family].test(text)) out.push("claims to be read-only but spawns processes");
  if (CLAIM_NO_EXEC.test(text) && SPAWNS[family].test(text)) out.push("claims not to run commands but spawns processes");
  if (local && NETWORK[family].test(text)) out.push("claims not to use the network but sends requests");
  return out;
}

/** Runs the rules above over one parsed file. */
export function scanAbuse(root: SgNode, family: Family, file: string): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const push = (f: Finding) => {
    const key = `${f.ruleId}:${f.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };
  for (const rule of ABUSE_RULES) {
    if (rule.family !== family) continue;
    let nodes: SgNode[] = [];
    try {
      nodes = root.findAll({ rule: rule.rule } as Matcher);
    } catch {
      continue;
    }
    for (const node of nodes) push({ ruleId: rule.id, severity: rule.severity, message: rule.message, scanner: "ast-grep", file, line: node.range().start.line + 1 });
  }
  for (const node of root.findAll({ rule: TOOL_DEFINITION[family] } as Matcher)) {
    for (const m of mismatches(node.text(), family)) {
      // a read-only tool running a fixed program (`git log`) is everyday code: the data-flow
      // check (flow/claim-mismatch) decides whether what runs is a shell or computed code
      const severity = / spawns processes$/.test(m) ? "medium" : "high";
      push({ ruleId: "mismatch/description-vs-code", severity, message: `tool ${m}`, scanner: "ast-grep", file, line: node.range().start.line + 1 });
    }
  }
  return findings;
}

import { Lang, parse, registerDynamicLanguage, type SgNode } from "@ast-grep/napi";
import type { Finding, Severity } from "./findings";
import { homoglyphFinding, scanText } from "./poisoning";
import { scanAbuse } from "./abuse-rules";

let pythonRegistered = false;
function ensurePython(): void {
  if (pythonRegistered) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  registerDynamicLanguage({ python: require("@ast-grep/lang-python") as Parameters<typeof registerDynamicLanguage>[0][string] });
  pythonRegistered = true;
}

type Family = "js" | "py";

interface Rule {
  id: string;
  family: Family;
  severity: Severity;
  message: string;
  rule: Record<string, unknown>;
  /** Conditions on metavariables of the pattern. */
  constraints?: Record<string, unknown>;
}

/**
 * TLS verification turned off inside a branch on a setting is the user's opt-in (a self-signed
 * test server), not the server's choice: only the unconditional form is reported.
 */
const OPT_IN = "(?i)env|config|opt|insecure|verify|ssl|tls|skip|allow|unsafe|self.?signed|cert|settings|args";
function notOptIn(family: "js" | "py") {
  const conditional = family === "js" ? "ternary_expression" : "conditional_expression";
  return { not: { inside: { stopBy: "end", any: [{ kind: "if_statement", has: { field: "condition", regex: OPT_IN } }, { kind: conditional, regex: OPT_IN }] } } };
}

/** Structural rules for dangerous sinks, written for the technique, not a sample's spelling. */
const RULES: Rule[] = [
  {
    id: "sink/sql-concat",
    family: "js",
    severity: "high",
    message: "SQL built by string concatenation or interpolation",
    rule: {
      kind: "call_expression",
      regex: "^[\\w.]*(query|execute|exec|run|all|get|prepare|raw)\\(",
      has: { field: "arguments", has: { any: [{ kind: "binary_expression" }, { kind: "template_string", has: { kind: "template_substitution" } }], regex: "(?i)\\b(select|insert|update|delete|drop)\\b" } },
    },
  },
  {
    id: "sink/path-traversal",
    family: "js",
    severity: "medium",
    message: "file path joined from input without a containment check (path traversal)",
    rule: {
      kind: "call_expression",
      regex: "^(fs\\.|fsp\\.|promises\\.)?(readFileSync|readFile|createReadStream|writeFileSync|writeFile|createWriteStream|unlink|unlinkSync|rm|rmSync|open|openSync)\\(",
      has: { field: "arguments", has: { kind: "call_expression", regex: "^path\\.(join|resolve)\\(.*[A-Za-z_$][\\w$]*\\s*\\)$" } },
    },
  },
  {
    id: "sink/ssrf",
    family: "js",
    severity: "medium",
    message: "request to a URL taken from input (SSRF)",
    rule: { kind: "call_expression", regex: "^(fetch|axios(\\.(get|post|request))?|got|request|http\\.get|https\\.get|undici\\.request)\\(", has: { field: "arguments", has: { nthChild: 1, any: [{ kind: "identifier" }, { kind: "member_expression" }] } } },
  },
  {
    id: "sink/tls-verification-off",
    family: "js",
    severity: "high",
    message: "TLS certificate verification turned off",
    rule: { any: [{ kind: "pair", regex: "^rejectUnauthorized\\s*:\\s*false$" }, { kind: "assignment_expression", regex: "NODE_TLS_REJECT_UNAUTHORIZED['\"\\]]*\\s*=\\s*['\"`]?0" }], ...notOptIn("js") },
  },
  { id: "sink/tls-verification-off", family: "py", severity: "high", message: "TLS verification turned off (verify=False)", rule: { kind: "keyword_argument", regex: "^verify\\s*=\\s*False$", ...notOptIn("py") } },
  { id: "sink/sql-concat", family: "py", severity: "high", message: "SQL built by string formatting", rule: { kind: "call", regex: "\\.execute\\(\\s*(f['\"]|['\"][^'\"]*['\"]\\s*(%|\\+|\\.format))", has: { kind: "string", regex: "(?i)\\b(select|insert|update|delete|drop)\\b", stopBy: "end" } } },
];

const EXTENSIONS: Record<string, { lang: Lang | string; family: Family }> = {
  ".js": { lang: Lang.JavaScript, family: "js" },
  ".cjs": { lang: Lang.JavaScript, family: "js" },
  ".mjs": { lang: Lang.JavaScript, family: "js" },
  ".jsx": { lang: Lang.Tsx, family: "js" },
  ".ts": { lang: Lang.TypeScript, family: "js" },
  ".mts": { lang: Lang.TypeScript, family: "js" },
  ".cts": { lang: Lang.TypeScript, family: "js" },
  ".tsx": { lang: Lang.Tsx, family: "js" },
  ".py": { lang: "python", family: "py" },
};

/**
 * Test files and fixtures, where fake credentials live. Only the secrets stage uses this; code
 * findings are lowered by reachability from entry points (dataflow/stage.ts), never by folder.
 */
const NON_RUNTIME = /(^|\/)(tests?|__tests__|spec|specs|fixtures)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$/;

export function isNonRuntime(file: string): boolean {
  return NON_RUNTIME.test(file);
}

export function isScannableSource(file: string): boolean {
  return Object.keys(EXTENSIONS).some((ext) => file.endsWith(ext));
}

/** Sink rules and poisoning checks over string literals (descriptions, docstrings) of one file. */
export function scanSource(file: string, text: string): Finding[] {
  const ext = Object.keys(EXTENSIONS).find((e) => file.endsWith(e));
  if (!ext) return [];
  const { lang, family } = EXTENSIONS[ext];
  if (family === "py") ensurePython();
  let root: SgNode;
  try {
    root = parse(lang as Lang, text).root();
  } catch {
    return [];
  }
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    if (rule.family !== family) continue;
    let nodes: SgNode[];
    try {
      nodes = root.findAll({ rule: rule.rule, ...(rule.constraints ? { constraints: rule.constraints } : {}) } as Parameters<SgNode["findAll"]>[0]);
    } catch {
      continue;
    }
    for (const node of nodes) {
      const line = node.range().start.line + 1;
      const key = `${rule.id}:${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({ ruleId: rule.id, severity: rule.severity, message: rule.message, scanner: "ast-grep", file, line });
    }
  }
  findings.push(...scanAbuse(root, family, file).filter((f) => !seen.has(`${f.ruleId}:${f.line}`)));
  // Interpolated strings are code (a URL built from a tool's argument), and log lines are read by
  // operators, not by the model: neither is a description the model sees.
  const notLogged = { not: { inside: { kind: family === "js" ? "call_expression" : "call", regex: "^(console|logger|logging|log|self\\.log(ger)?)\\.\\w+\\(|^print\\(", stopBy: "end" as const } } };
  const literal =
    family === "js"
      ? { any: [{ kind: "string" }, { kind: "template_string", not: { has: { kind: "template_substitution" } } }] }
      : { kind: "string", not: { has: { kind: "interpolation" } } };
  const literals = { all: [literal, notLogged] } as Parameters<SgNode["findAll"]>[0] extends infer M ? (M extends { rule: infer R } ? R : never) : never;
  for (const node of root.findAll({ rule: literals })) {
    const literal = node.text();
    if (literal.length < 12) continue;
    for (const f of scanText(literal)) {
      findings.push({ ...f, message: `string literal: ${f.message}`, scanner: "poisoning", file, line: node.range().start.line + 1 });
    }
  }
  if (family === "py") {
    // tool names declared in Python decorators: @mcp.tool(name="…")
    for (const node of root.findAll({ rule: { kind: "keyword_argument", regex: "^name\\s*=" } })) {
      const value = node.text().replace(/^name\s*=\s*['"]?|['"]$/g, "");
      const h = homoglyphFinding(value);
      if (h) findings.push({ ...h, scanner: "poisoning", file, line: node.range().start.line + 1 });
    }
  }
  return findings;
}

import { Lang, parse, registerDynamicLanguage, type SgNode } from "@ast-grep/napi";
import type { Finding, Severity } from "./findings";
import { homoglyphFinding, scanText } from "./poisoning";

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

/** A metavariable that is not a plain string literal. */
const NOT_LITERAL = { not: { any: [{ kind: "string" }, { kind: "template_string", not: { has: { kind: "template_substitution" } } }] } };
const DYNAMIC_STRING = {
  any: [
    { kind: "template_string", has: { kind: "template_substitution" } },
    { kind: "binary_expression", has: { kind: "identifier", stopBy: "end" } },
    { kind: "binary_expression", has: { kind: "member_expression", stopBy: "end" } },
    { kind: "identifier" },
    { kind: "member_expression" },
  ],
};

/** Structural rules for dangerous sinks, written for the technique, not a sample's spelling. */
const RULES: Rule[] = [
  {
    id: "sink/shell-exec-input",
    family: "js",
    severity: "high",
    message: "shell command built from input (command injection)",
    rule: { any: [{ pattern: "exec($CMD $$$)" }, { pattern: "execSync($CMD $$$)" }, { pattern: "$M.exec($CMD $$$)" }, { pattern: "$M.execSync($CMD $$$)" }] },
    // $M.exec is RegExp.prototype.exec far more often than child_process: only module-ish receivers
    constraints: { CMD: DYNAMIC_STRING, M: { regex: "^(child_?[pP]rocess|cp|childProcess|proc|shell|require\\(['\"](node:)?child_process['\"]\\))$" } },
  },
  {
    id: "sink/spawn-shell",
    family: "js",
    severity: "high",
    message: "process spawned through a shell (shell: true)",
    rule: { kind: "call_expression", regex: "^(\\w+\\.)?(spawn|spawnSync|execFile|execFileSync)\\(", has: { kind: "pair", regex: "^shell\\s*:\\s*(true|['\"`])", stopBy: "end" } },
  },
  {
    id: "sink/eval",
    family: "js",
    severity: "high",
    message: "eval of a computed string",
    rule: { pattern: "eval($A)" },
    constraints: { A: NOT_LITERAL },
  },
  {
    id: "sink/new-function",
    family: "js",
    severity: "high",
    message: "code compiled at run time from a string built with input (new Function)",
    rule: { any: [{ pattern: "new Function($BODY)" }, { pattern: "new Function($$$A, $BODY)" }, { pattern: "Function($BODY)" }] },
    constraints: { BODY: { any: [{ kind: "binary_expression" }, { kind: "template_string", has: { kind: "template_substitution" } }] } },
  },
  {
    id: "sink/new-function-variable",
    family: "js",
    severity: "medium",
    message: "code compiled at run time from a variable (new Function)",
    rule: { any: [{ pattern: "new Function($BODY)" }, { pattern: "new Function($$$A, $BODY)" }] },
    constraints: { BODY: { any: [{ kind: "identifier" }, { kind: "member_expression" }, { kind: "call_expression" }] } },
  },
  {
    id: "sink/vm",
    family: "js",
    severity: "high",
    message: "code run through the vm module",
    rule: { kind: "call_expression", regex: "^(vm\\.)?(runInNewContext|runInThisContext|runInContext|compileFunction)\\(|^new\\s+vm\\.Script" },
  },
  {
    id: "sink/obfuscated-require",
    family: "js",
    severity: "high",
    message: "module name assembled from pieces (hides which module is loaded)",
    rule: { any: [{ pattern: "require($A)" }, { pattern: "import($A)" }] },
    constraints: { A: { any: [{ kind: "binary_expression", has: { kind: "string" } }, { kind: "template_string", has: { kind: "template_substitution" } }] } },
  },
  {
    id: "sink/dynamic-require",
    family: "js",
    severity: "medium",
    message: "require or import of a module name held in a variable",
    rule: { any: [{ pattern: "require($A)" }, { pattern: "import($A)" }] },
    constraints: { A: { any: [{ kind: "identifier" }, { kind: "member_expression" }, { kind: "call_expression" }, { kind: "binary_expression", not: { has: { kind: "string" } } }] } },
  },
  {
    id: "sink/computed-member-call",
    family: "js",
    severity: "high",
    message: "method name assembled from pieces (e.g. m['ex' + 'ec'])",
    rule: { kind: "call_expression", has: { field: "function", kind: "subscript_expression", has: { field: "index", kind: "binary_expression" } } },
  },
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
    id: "sink/env-exfiltration",
    family: "js",
    severity: "high",
    message: "the whole environment is serialized or sent over the network",
    rule: { any: [{ pattern: "JSON.stringify(process.env)" }, { kind: "call_expression", regex: "^(fetch|axios|got|request|http|https)", has: { kind: "member_expression", regex: "^process\\.env$", stopBy: "end" } }] },
  },
  {
    id: "sink/credential-file-read",
    family: "js",
    severity: "high",
    message: "reads a credential file (SSH keys, cloud credentials, .env of the user)",
    rule: { kind: "call_expression", regex: "(readFile|createReadStream|open)[\\s\\S]*(\\.ssh|id_rsa|id_ed25519|\\.aws|credentials|\\.npmrc|\\.netrc|\\.kube|mcp\\.json)" },
  },
  {
    id: "sink/tls-verification-off",
    family: "js",
    severity: "high",
    message: "TLS certificate verification turned off",
    rule: { any: [{ kind: "pair", regex: "^rejectUnauthorized\\s*:\\s*false" }, { kind: "assignment_expression", regex: "NODE_TLS_REJECT_UNAUTHORIZED['\"\\]]*\\s*=\\s*['\"`]?0" }] },
  },
  {
    id: "sink/shell-exec-input",
    family: "py",
    severity: "high",
    message: "shell command run with shell=True (command injection)",
    rule: { kind: "call", has: { kind: "keyword_argument", regex: "^shell\\s*=\\s*True", stopBy: "end" } },
  },
  { id: "sink/shell-exec-input", family: "py", severity: "high", message: "os.system/os.popen of a computed string", rule: { pattern: "$F($A)", regex: "^os\\.(system|popen)\\(" }, constraints: { A: { not: { kind: "string", not: { regex: "^f" } } } } },
  { id: "sink/eval", family: "py", severity: "high", message: "eval/exec of a computed string", rule: { pattern: "$F($A $$$)", regex: "^(eval|exec)\\(" }, constraints: { A: { not: { kind: "string", not: { regex: "^f" } } } } },
  { id: "sink/deserialization", family: "py", severity: "high", message: "unsafe deserialization (pickle, marshal, shelve)", rule: { kind: "call", regex: "^(pickle|cPickle|marshal|dill|shelve)\\.(loads?|open)\\(" } },
  { id: "sink/deserialization", family: "py", severity: "high", message: "yaml.load without SafeLoader", rule: { kind: "call", regex: "^yaml\\.(load|unsafe_load|full_load)\\(", not: { regex: "SafeLoader|CSafeLoader" } } },
  { id: "sink/tls-verification-off", family: "py", severity: "high", message: "TLS verification turned off (verify=False)", rule: { kind: "keyword_argument", regex: "^verify\\s*=\\s*False" } },
  { id: "sink/sql-concat", family: "py", severity: "high", message: "SQL built by string formatting", rule: { kind: "call", regex: "\\.execute\\(\\s*(f['\"]|['\"][^'\"]*['\"]\\s*(%|\\+|\\.format))", has: { kind: "string", regex: "(?i)\\b(select|insert|update|delete|drop)\\b", stopBy: "end" } } },
  { id: "sink/credential-file-read", family: "py", severity: "high", message: "reads a credential file", rule: { kind: "call", regex: "^(open|Path)\\([\\s\\S]*(\\.ssh|id_rsa|\\.aws|credentials|mcp\\.json)" } },
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

/** Test, benchmark, example and tooling code: reported, but not as runtime risk. */
const NON_RUNTIME = /(^|\/)(tests?|__tests__|spec|specs|bench|benchmarks?|examples?|fixtures|scripts|docs?)\/|\.(test|spec|bench)\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$/;

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
  const literals = family === "js" ? { any: [{ kind: "string" }, { kind: "template_string" }] } : { kind: "string" };
  for (const node of root.findAll({ rule: literals })) {
    const literal = node.text();
    if (literal.length < 12) continue;
    for (const f of scanText(literal)) {
      findings.push({ ...f, message: `string literal: ${f.message}`, scanner: "poisoning", file, line: node.range().start.line + 1 });
    }
  }
  if (isNonRuntime(file)) {
    for (const f of findings) {
      if (f.severity !== "info") {
        f.message = `${f.message} [${f.severity} in test or tooling code]`;
        f.severity = "low";
      }
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

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { scanSource } from "../../src/governance/ast-rules";
import { analyzeRepository } from "../../src/governance/dataflow/analyze";
import { scanPackageJson, typosquatOf } from "../../src/governance/supply-chain";
import { scanGenericSecrets, entropy } from "../../src/governance/secrets";

const CORPUS = join(__dirname, "../fixtures/corpus/src");

const EXPECTED: Record<string, string> = {
  "c01_exec_template.ts": "flow/command-injection",
  "c02_spawn_shell.ts": "flow/command-injection",
  "c03_path_traversal.ts": "sink/path-traversal",
  "c04_ssrf.ts": "sink/ssrf",
  "c05_eval_b64.js": "flow/obfuscated-code",
  "c06_env_exfil.ts": "flow/exfiltration",
  "c07_ssh_read.ts": "flow/credential-read",
  "c08_dynamic_require.js": "flow/obfuscated-import",
  "c09_new_function.ts": "flow/code-injection",
  "c10_sql_concat.ts": "sink/sql-concat",
  "c11_vm.js": "flow/code-injection",
  "c12_rugpull.ts": "poison/hidden-instruction-tag",
  "c13_py_shell.py": "flow/command-injection",
  "c14_py_pickle.py": "flow/unsafe-deserialization",
  "c15_tls_off.ts": "sink/tls-verification-off",
  "c16_py_poison.py": "poison/hidden-instruction-tag",
};

/** Structural rules and data flows over one file, as the pipeline runs them. */
function scanBoth(file: string, text: string) {
  return [...scanSource(file, text), ...analyzeRepository([file], () => text)];
}

describe("structural rules over source", () => {
  test("every corpus source sample has an expectation", () => {
    expect(readdirSync(CORPUS).filter((f) => f !== "package.json").sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.entries(EXPECTED))("when %s is scanned, then %s is found with its line", (file, rule) => {
    const findings = scanBoth(file, readFileSync(join(CORPUS, file), "utf8"));
    const hit = findings.find((f) => f.ruleId === rule);
    expect(hit).toBeDefined();
    expect(hit!.line).toBeGreaterThan(0);
    expect(["medium", "high", "critical"]).toContain(hit!.severity);
  });

  test.each([
    ["regex exec", "const m = /a(b)/.exec(input); export default m;"],
    ["execFile with an argument list", "import { execFile } from 'node:child_process'; execFile('git', ['log', ref]);"],
    ["fixed require", "const fs = require('node:fs');"],
    ["parameterised SQL", "db.query('SELECT * FROM users WHERE name = $1', [name]);"],
    ["literal fetch", "await fetch('https://api.example.com/items');"],
    ["TLS on", "new https.Agent({ rejectUnauthorized: true });"],
    ["process.env read", "const port = Number(process.env.PORT ?? 3000);"],
  ])("when benign JS has %s, then nothing medium or worse is found", (_label, code) => {
    expect(scanBoth("src/index.ts", code).filter((f) => f.severity !== "low" && f.severity !== "info")).toEqual([]);
  });

  test.each([
    ["subprocess with a list", "import subprocess\nsubprocess.run(['ls', path])\n"],
    ["safe yaml", "import yaml\nyaml.safe_load(text)\n"],
    ["parameterised SQL", "cur.execute('SELECT * FROM t WHERE a = %s', (a,))\n"],
  ])("when benign Python has %s, then nothing is found", (_label, code) => {
    expect(scanBoth("app.py", code)).toEqual([]);
  });

  test.each([
    ["an if on a setting (JS)", "src/a.ts", "if (config.insecureTls) { agent = new https.Agent({ rejectUnauthorized: false }); }", 0],
    ["a value taken from the environment (JS)", "src/a.ts", "new https.Agent({ rejectUnauthorized: process.env.VERIFY !== '0' });", 0],
    ["an if on a setting (Python)", "a.py", "if settings.insecure_skip_verify:\n    c = httpx.Client(verify=False)\n", 0],
    ["a conditional expression (Python)", "a.py", "c = httpx.Client(verify=False if opts.insecure else True)\n", 0],
    ["unconditional (JS)", "src/a.ts", "new https.Agent({ rejectUnauthorized: false });", 1],
    ["unconditional (Python)", "a.py", "requests.get(u, verify=False)\n", 1],
  ])("when TLS verification is turned off behind %s, then the finding count is %s", (_label, file, code, count) => {
    expect(scanSource(file, code).filter((f) => f.ruleId === "sink/tls-verification-off")).toHaveLength(count as number);
  });

  test.each([
    ["a log line", "src/a.ts", "console.error('copy your key into .env and ~/.npmrc, then restart the system prompt reader');"],
    ["an f-string URL", "a.py", "def f(pmid):\n    return f'https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?db=pubmed&id={pmid}&mode=send&data=x'\n"],
  ])("when %s mentions credentials or builds a URL, then it is not read as a tool description", (_label, file, code) => {
    expect(scanSource(file, code).filter((f) => f.scanner === "poisoning")).toEqual([]);
  });
});

describe("supply chain", () => {
  test("when the corpus package.json is scanned, then the install script, typosquat and unbounded range are found", () => {
    const findings = scanPackageJson(readFileSync(join(CORPUS, "package.json"), "utf8"), "package.json");
    const byRule = Object.fromEntries(findings.map((f) => [f.ruleId, f.severity]));
    expect(byRule).toMatchObject({ "supply/install-script": "high", "supply/typosquat": "high", "supply/unbounded-range": "medium" });
  });

  test.each([
    ["expresss", "express"],
    ["axois", "axios"],
    ["node_fetch", "node-fetch"],
    ["1odash", "lodash"],
    ["typescrip", "typescript"],
    ["express", undefined],
    ["@types/cors", undefined],
    ["redact", undefined],
    ["preact", undefined],
  ])("when a dependency is named %s, then it imitates %s", (name, target) => {
    expect(typosquatOf(name)).toBe(target);
  });

  test.each([
    ['{"dependencies": {"x": "git+https://example.com/x.git"}}', "supply/url-dependency"],
    ['{"dependencies": {"x": "latest"}}', "supply/unbounded-range"],
    ['{"scripts": {"preinstall": "node -e \\"require(1)\\""}}', "supply/install-script"],
  ])("when package.json is %s, then %s is found", (text, rule) => {
    expect(scanPackageJson(text, "package.json").map((f) => f.ruleId)).toContain(rule);
  });
});

describe("generic secrets", () => {
  test("when a secret-looking name holds a high-entropy literal, then it is reported; placeholders are not", () => {
    expect(scanGenericSecrets("a.ts", 'const apiKey = "Zq8Fz2LmN4pRt7VwX9yBc3De";')).toHaveLength(1);
    expect(scanGenericSecrets("a.ts", 'const apiKey = "your-api-key-goes-here";')).toHaveLength(0);
    expect(scanGenericSecrets("a.ts", 'const token = "aaaaaaaaaaaaaaaaaaaaaaaa";')).toHaveLength(0);
    expect(scanGenericSecrets("a.ts", 'const TOKEN_ENV_VAR = "GITHUB_PERSONAL_ACCESS_TOKEN";')).toHaveLength(0);
    expect(scanGenericSecrets("a.py", 'api_key = "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"')).toHaveLength(0);
    expect(scanGenericSecrets("a.py", 'secret_name = "projects/my-project/secrets/api-token"')).toHaveLength(0);
    expect(scanGenericSecrets("a.py", 'API_KEY = "YOUR_API_KEY_GOES_IN_HERE"')).toHaveLength(0);
    expect(entropy("abab")).toBe(1);
  });
});

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { scanSource } from "../../src/governance/ast-rules";
import { scanPackageJson, typosquatOf } from "../../src/governance/supply-chain";
import { scanGenericSecrets, entropy } from "../../src/governance/secrets";

const CORPUS = join(__dirname, "../fixtures/corpus/src");

const EXPECTED: Record<string, string> = {
  "c01_exec_template.ts": "sink/shell-exec-input",
  "c02_spawn_shell.ts": "sink/spawn-shell",
  "c03_path_traversal.ts": "sink/path-traversal",
  "c04_ssrf.ts": "sink/ssrf",
  "c05_eval_b64.js": "sink/eval",
  "c06_env_exfil.ts": "sink/env-exfiltration",
  "c07_ssh_read.ts": "sink/credential-file-read",
  "c08_dynamic_require.js": "sink/obfuscated-require",
  "c09_new_function.ts": "sink/new-function",
  "c10_sql_concat.ts": "sink/sql-concat",
  "c11_vm.js": "sink/vm",
  "c12_rugpull.ts": "poison/hidden-instruction-tag",
  "c13_py_shell.py": "sink/shell-exec-input",
  "c14_py_pickle.py": "sink/deserialization",
  "c15_tls_off.ts": "sink/tls-verification-off",
  "c16_py_poison.py": "poison/hidden-instruction-tag",
};

describe("structural rules over source", () => {
  test("every corpus source sample has an expectation", () => {
    expect(readdirSync(CORPUS).filter((f) => f !== "package.json").sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.entries(EXPECTED))("when %s is scanned, then %s is found with its line", (file, rule) => {
    const findings = scanSource(file, readFileSync(join(CORPUS, file), "utf8"));
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
    expect(scanSource("src/index.ts", code).filter((f) => f.severity !== "low" && f.severity !== "info")).toEqual([]);
  });

  test.each([
    ["subprocess with a list", "import subprocess\nsubprocess.run(['ls', path])\n"],
    ["safe yaml", "import yaml\nyaml.safe_load(text)\n"],
    ["parameterised SQL", "cur.execute('SELECT * FROM t WHERE a = %s', (a,))\n"],
  ])("when benign Python has %s, then nothing is found", (_label, code) => {
    expect(scanSource("app.py", code)).toEqual([]);
  });

  test("when a sink sits in test code, then it is reported as low", () => {
    const [f] = scanSource("test/helpers.js", "eval(code)");
    expect(f).toMatchObject({ ruleId: "sink/eval", severity: "low" });
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
    expect(entropy("abab")).toBe(1);
  });
});

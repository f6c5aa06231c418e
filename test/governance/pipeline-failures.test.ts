import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scanInChunks } from "../../src/governance/chunked-scan";
import { runPipeline, runStage } from "../../src/governance/pipeline";
import { scanGenericSecrets } from "../../src/governance/secrets";
import { tempDir } from "../support/test-node";

const manifest = { name: "x", version: "1.0.0", description: "a clean test submission", license: "MIT" };
const options = (bin: string, required = false) => ({ failOn: "high" as const, semgrep: { bin, configs: [], required } });

/** A semgrep stand-in: a real executable whose body is the given shell script. */
function semgrepScript(dir: string, body: string): string {
  const bin = join(dir, "semgrep-bin");
  writeFileSync(bin, `#!/bin/sh\n${body}\n`);
  chmodSync(bin, 0o755);
  return bin;
}

describe("a scanner that is installed but fails", () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "README.md"), "# x\n");
  });
  afterEach(() => cleanup());

  test.each([
    ["exits 2 (a crash, not findings)", "echo 'Traceback: boom' >&2; exit 2"],
    ["exits 0 with output that is not JSON", "echo 'not json'; exit 0"],
    ["exits 1 with JSON that has no results", "echo '{\"errors\":[]}'; exit 1"],
    ["is killed by a signal", "kill -9 $$"],
  ])("when semgrep %s, then its stage is an error and the submission is rejected, even when semgrep is optional", async (_label, script) => {
    const report = await runPipeline({ manifest, sourceDir: dir }, options(semgrepScript(dir, script)));
    expect(report.stages.find((s) => s.name === "semgrep")?.status).toBe("error");
    expect(report.decision).toBe("rejected");
    expect(report.reasons.join()).toMatch(/stage semgrep failed/);
  });

  test("when semgrep runs, then it sees PATH, LANG and a HOME of its own, and none of the node's environment", async () => {
    const secret = "mcpfed-secret-token-that-must-not-leak";
    process.env.MCP_FEDERATION_TOKEN = secret;
    try {
      const bin = semgrepScript(dir, `env > "${dir}/env.txt"; echo "$HOME" > "${dir}/home.txt"; test -d "$HOME" && echo yes > "${dir}/home-exists.txt"; echo '{"results":[]}'`);
      const report = await runPipeline({ manifest, sourceDir: dir }, options(bin));
      expect(report.stages.find((s) => s.name === "semgrep")?.status).toBe("pass");
      const env = readFileSync(join(dir, "env.txt"), "utf8");
      expect(env).not.toContain(secret);
      const names = env.trim().split("\n").map((l) => l.slice(0, l.indexOf("=")));
      // the shell itself adds PWD (and SHLVL on some shells)
      expect(names.filter((n) => !["PWD", "SHLVL", "OLDPWD", "_"].includes(n)).sort()).toEqual(["HOME", "LANG", "PATH", "SEMGREP_ENABLE_VERSION_CHECK", "SEMGREP_SEND_METRICS"]);
      const home = readFileSync(join(dir, "home.txt"), "utf8").trim();
      expect(home).not.toBe(process.env.HOME);
      expect(existsSync(join(dir, "home-exists.txt"))).toBe(true);
      expect(existsSync(home)).toBe(false); // removed afterwards
    } finally {
      delete process.env.MCP_FEDERATION_TOKEN;
    }
  });

  test("when semgrep is not installed, then the stage is not run and only `required` rejects", async () => {
    expect((await runPipeline({ manifest, sourceDir: dir }, options("/nonexistent/semgrep"))).decision).toBe("published");
    expect((await runPipeline({ manifest, sourceDir: dir }, options("/nonexistent/semgrep", true))).decision).toBe("rejected");
  });
});

describe("a stage that throws or hangs", () => {
  test.each([
    ["an Error", () => Promise.reject(new Error("scanner blew up")), /scanner blew up/],
    ["null", () => Promise.reject(null), /threw null/],
    ["a string, synchronously", () => { throw "bad"; }, /threw bad/],
  ])("when a stage throws %s, then it is an error, never a crash", async (_label, stage, detail) => {
    const out = await runStage("boom", stage as () => Promise<never>, "high");
    expect(out.result).toMatchObject({ name: "boom", status: "error", detail: expect.stringMatching(detail) });
  });

  test("when a stage never finishes, then it is an error after its time limit", async () => {
    const out = await runStage("stuck", () => new Promise<never>(() => undefined), "high", 100);
    expect(out.result).toMatchObject({ status: "error", detail: expect.stringMatching(/did not finish/) });
  });
});

describe("files over 1 MiB", () => {
  test("when a source file is larger than 1 MiB, then secrets are still found in it with the right line, and ast-grep reports it unscannable", async () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, "src"));
      // Python: eslint (slow on a file this size) does not read it; ast-grep and the secret scans do
      const filler = Array.from({ length: 40_000 }, (_, i) => `v${i} = ${i}  # padding line to make the file large`).join("\n");
      writeFileSync(join(dir, "src/big.py"), `${filler}\napi_key = "Zx9Qw3Er7Ty1Ui5Op2As8Df4Gh6Jk0Lm"\n`);
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "x", description: "y".repeat(1_200_000) }));
      const report = await runPipeline({ manifest, sourceDir: dir }, options("/nonexistent/semgrep"));
      expect(report.findings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ruleId: "secrets/high-entropy-assignment", file: "src/big.py", line: 40_001 }),
          expect.objectContaining({ ruleId: "governance/unscannable-file", file: "src/big.py", scanner: "ast-grep" }),
          expect.objectContaining({ ruleId: "governance/unscannable-file", file: "package.json", scanner: "supply-chain" }),
        ]),
      );
      expect(report.decision).toBe("rejected");
    } finally {
      cleanup();
    }
  });

  test("when a file is scanned in chunks, then lines are numbered across chunks and no line is lost at a chunk edge", () => {
    const { dir, cleanup } = tempDir();
    try {
      const lines = Array.from({ length: 500 }, (_, i) => (i % 97 === 50 ? `token = "Zx9Qw3Er7Ty1Ui5Op2As8Df4Gh6Jk0L${i}"` : `line ${i} of filler text`));
      writeFileSync(join(dir, "f.txt"), lines.join("\n"));
      const whole = scanGenericSecrets("f.txt", lines.join("\n"));
      expect(whole.length).toBeGreaterThan(3);
      expect(scanInChunks(join(dir, "f.txt"), "f.txt", scanGenericSecrets, 256)).toEqual(whole);
    } finally {
      cleanup();
    }
  });
});

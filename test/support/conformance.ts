import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./test-node";

/** Where scripts/ensure-conformance.sh (run before the tests) installs node@22 and the suite (it needs Node >= 22). */
export const CONFORMANCE_CACHE = join(ROOT, ".cache/conformance");

export interface ConformanceRunner {
  node: string;
  cli: string;
}

/** Node 22+ and the suite's CLI, or a sentence saying what is missing. */
export function findConformance(): ConformanceRunner | string {
  const cli = join(CONFORMANCE_CACHE, "node_modules/@modelcontextprotocol/conformance/dist/index.js");
  const candidates = [Number(process.versions.node.split(".")[0]) >= 22 ? process.execPath : "", join(CONFORMANCE_CACHE, "node_modules/node/bin/node")];
  const node = candidates.find((c) => c !== "" && existsSync(c));
  if (!node) return `no Node >= 22 found (install it with: bash scripts/ensure-conformance.sh)`;
  if (!existsSync(cli)) return `@modelcontextprotocol/conformance is not installed under ${CONFORMANCE_CACHE}`;
  return { node, cli };
}

/** One scenario's outcome, as the suite's summary prints it. */
export interface ScenarioResult {
  scenario: string;
  passed: number;
  failed: number;
}

/** Runs every server scenario against `url` and returns the summary per scenario. */
export function runConformance(runner: ConformanceRunner, url: string): Promise<{ results: ScenarioResult[]; output: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "mcpfed-conformance-"));
  return new Promise((resolve, reject) => {
    execFile(runner.node, [runner.cli, "server", "--url", url], { cwd, timeout: 240_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      rmSync(cwd, { recursive: true, force: true });
      const output = `${stdout}${stderr}`;
      const summary = output.slice(output.lastIndexOf("=== SUMMARY ==="));
      const results = [...summary.matchAll(/^[✓✗] (\S+): (\d+) passed, (\d+) failed/gmu)].map((m) => ({ scenario: m[1], passed: Number(m[2]), failed: Number(m[3]) }));
      if (results.length === 0) reject(new Error(`the conformance suite printed no summary${err ? ` (${err.message})` : ""}:\n${output.slice(-2000)}`));
      else resolve({ results, output });
    });
  });
}

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding, Severity } from "./findings";

export interface SemgrepOptions {
  bin: string;
  configs: readonly string[];
  timeoutMs?: number;
}

export type SemgrepOutcome = { ran: true; findings: Finding[]; version?: string } | { ran: false; missing: boolean; reason: string };

const SEVERITY: Record<string, Severity> = { ERROR: "high", WARNING: "medium", INFO: "low", CRITICAL: "critical", HIGH: "high", MEDIUM: "medium", LOW: "low" };

interface SemgrepJson {
  version?: string;
  results?: { check_id: string; path: string; start?: { line?: number }; extra?: { message?: string; severity?: string } }[];
  errors?: { message?: string }[];
}

/** Turns `semgrep scan --json` output into findings (paths made relative to root). */
export function parseSemgrepJson(text: string, root: string): Finding[] {
  const parsed = JSON.parse(text) as SemgrepJson;
  return (parsed.results ?? []).map((r) => ({
    ruleId: `semgrep/${r.check_id}`,
    severity: SEVERITY[(r.extra?.severity ?? "WARNING").toUpperCase()] ?? "medium",
    message: r.extra?.message ?? r.check_id,
    scanner: "semgrep" as const,
    file: r.path.startsWith(`${root}/`) ? r.path.slice(root.length + 1) : r.path,
    line: r.start?.line,
  }));
}

/** Largest `--json` output read (a run over a 50 MiB checkout stays far below). */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * The whole environment semgrep sees: a PATH to find its runtime, a HOME of its own (a temp
 * dir, removed afterwards) and a locale; never the node's variables (tokens, database URLs).
 */
export function semgrepEnvironment(home: string, path = process.env.PATH): Record<string, string> {
  return { PATH: path ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", SEMGREP_SEND_METRICS: "off", SEMGREP_ENABLE_VERSION_CHECK: "0" };
}

function parseOutput(out: string, root: string): SemgrepOutcome {
  try {
    const parsed = JSON.parse(out) as SemgrepJson;
    if (parsed === null || typeof parsed !== "object" || !Array.isArray(parsed.results)) return { ran: false, missing: false, reason: "semgrep output has no results" };
    return { ran: true, findings: parseSemgrepJson(out, root), version: parsed.version };
  } catch {
    return { ran: false, missing: false, reason: "semgrep output was not JSON" };
  }
}

/**
 * Runs the semgrep CLI. Not installed (ENOENT) → `{ran: false, missing: true}`: the report
 * says "not run", never "pass". Present but failing (another exit code than 0 or 1 — 1 means
 * findings —, a signal, the time limit, output that is not semgrep's JSON) →
 * `{ran: false, missing: false}`: the stage failed and the submission is rejected.
 */
export function runSemgrep(root: string, options: SemgrepOptions): Promise<SemgrepOutcome> {
  const args = ["scan", "--json", "--metrics=off", "--quiet", "--disable-version-check", ...options.configs.flatMap((c) => ["--config", c]), root];
  const home = mkdtempSync(join(tmpdir(), "mcpfed-semgrep-"));
  const cleanup = () => rmSync(home, { recursive: true, force: true });
  return new Promise<SemgrepOutcome>((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let err = "";
    let child;
    try {
      child = spawn(options.bin, args, { stdio: ["ignore", "pipe", "pipe"], env: semgrepEnvironment(home), cwd: home });
    } catch (e) {
      resolve({ ran: false, missing: false, reason: `semgrep could not start: ${(e as Error).message}` });
      return;
    }
    let overflow = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.stdout.on("data", (c: Buffer) => {
      bytes += c.length;
      if (bytes > MAX_OUTPUT_BYTES) {
        overflow = true;
        child.kill("SIGKILL");
      } else chunks.push(c);
    });
    child.stderr.on("data", (c: Buffer) => (err = (err + c.toString("utf8")).slice(0, 4000)));
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === "ENOENT") resolve({ ran: false, missing: true, reason: `semgrep not found (${options.bin})` });
      else resolve({ ran: false, missing: false, reason: `semgrep could not start: ${e.code ?? e.message}` });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (overflow) resolve({ ran: false, missing: false, reason: `semgrep output exceeded ${MAX_OUTPUT_BYTES} bytes` });
      else if (code !== 0 && code !== 1) resolve({ ran: false, missing: false, reason: `semgrep exited with ${code ?? signal ?? "a signal"}: ${err.trim().split("\n")[0] ?? ""}` });
      else resolve(parseOutput(Buffer.concat(chunks, bytes).toString("utf8"), root));
    });
  }).finally(cleanup);
}

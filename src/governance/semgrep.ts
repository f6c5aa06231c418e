import { spawn } from "node:child_process";
import type { Finding, Severity } from "./findings";

export interface SemgrepOptions {
  bin: string;
  configs: readonly string[];
  timeoutMs?: number;
}

export type SemgrepOutcome = { ran: true; findings: Finding[]; version?: string } | { ran: false; reason: string };

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

/**
 * Runs the semgrep CLI when a binary is found. Absent → `{ran: false}` (the report then says
 * "not run", never "pass"). Exit code 1 means findings, not failure.
 */
export function runSemgrep(root: string, options: SemgrepOptions): Promise<SemgrepOutcome> {
  const args = ["scan", "--json", "--metrics=off", "--quiet", "--disable-version-check", ...options.configs.flatMap((c) => ["--config", c]), root];
  return new Promise((resolve) => {
    let out = "";
    let err = "";
    let child;
    try {
      child = spawn(options.bin, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SEMGREP_SEND_METRICS: "off" } });
    } catch (e) {
      resolve({ ran: false, reason: `semgrep could not start: ${(e as Error).message}` });
      return;
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8").slice(0, 4000)));
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ran: false, reason: e.code === "ENOENT" ? `semgrep not found (${options.bin})` : `semgrep could not start: ${e.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0 && code !== 1) {
        resolve({ ran: false, reason: `semgrep exited with ${code ?? "a signal"}: ${err.split("\n")[0] ?? ""}` });
        return;
      }
      try {
        resolve({ ran: true, findings: parseSemgrepJson(out, root), version: (JSON.parse(out) as SemgrepJson).version });
      } catch {
        resolve({ ran: false, reason: "semgrep output was not JSON" });
      }
    });
  });
}

import type { Finding } from "../findings";
import { analyzeRepository } from "./analyze";
import { computeReachability, isUnreachableExtra, type Reachability } from "./reachability";

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py)$/;

/** The data-flow stage: flows over every source file, plus the files it could not read. */
export function runDataflow(files: readonly string[], read: (f: string) => string | undefined): { findings: Finding[]; reach: Reachability; detail: string } {
  const sources = files.filter((f) => SOURCE.test(f) && !f.endsWith(".d.ts") && !f.includes("node_modules/"));
  const findings = analyzeRepository(sources, read);
  for (const f of sources) {
    if (read(f) === undefined) {
      findings.push({ ruleId: "flow/too-large", severity: "medium", message: "source file too large to analyse: its code was not checked", scanner: "dataflow", file: f });
    }
  }
  const reach = computeReachability(files, read);
  // padding a payload past the size limit must not hide it: unread code that runs rejects
  for (const f of findings) if (f.ruleId === "flow/too-large" && f.file && reach.known && reach.reachable.has(f.file)) f.severity = "high";
  const detail = reach.known ? `${reach.reachable.size} of ${sources.length} source files reachable from ${reach.entries.length} entry point(s)` : "no entry point found: every file counts as run";
  return { findings, reach, detail };
}

/**
 * Lowers findings in tests, docs and examples that no entry point or install script reaches;
 * anything that runs keeps its severity, whatever folder it sits in.
 */
export function lowerUnreachable(findings: Finding[], reach: Reachability): void {
  for (const f of findings) {
    if (!f.file || f.scanner === "secrets" || f.scanner === "supply-chain" || f.scanner === "qa") continue;
    if (f.severity !== "info" && f.severity !== "low" && isUnreachableExtra(f.file, reach)) {
      f.message = `${f.message} [${f.severity}, but never run: not reached from an entry point or install script]`;
      f.severity = "low";
    }
  }
}

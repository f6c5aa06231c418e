import type { Severity } from "./findings";
import type { GovernanceReport } from "./pipeline";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };

/** The report as SARIF 2.1.0, one run, the rules deduplicated from the findings. */
export function toSarif(report: GovernanceReport, toolVersion = "0.1.0"): Record<string, unknown> {
  const rules = [...new Map(report.findings.map((f) => [f.ruleId, f])).values()].map((f) => ({
    id: f.ruleId,
    shortDescription: { text: f.message.split(":")[0] },
    properties: { scanner: f.scanner },
  }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "mcpfed-governance", version: toolVersion, rules } },
        invocations: [
          {
            executionSuccessful: report.stages.every((s) => s.status !== "error"),
            properties: { decision: report.decision, failOn: report.failOn, reasons: report.reasons, stages: report.stages },
          },
        ],
        results: report.findings.map((f) => ({
          ruleId: f.ruleId,
          level: LEVEL[f.severity],
          message: { text: f.message },
          properties: { severity: f.severity, scanner: f.scanner },
          ...(f.file
            ? { locations: [{ physicalLocation: { artifactLocation: { uri: f.file }, ...(f.line ? { region: { startLine: f.line } } : {}) } }] }
            : f.tool
              ? { locations: [{ logicalLocations: [{ name: f.tool, kind: "function" }] }] }
              : {}),
        })),
        properties: { submission: { name: report.name, version: report.version } },
      },
    ],
  };
}

/** A short human-readable report for the CLI. */
export function toText(report: GovernanceReport): string {
  const lines = [`${report.name}@${report.version}: ${report.decision.toUpperCase()} (fail on ${report.failOn})`];
  for (const r of report.reasons) lines.push(`  reason: ${r}`);
  lines.push("stages:");
  for (const s of report.stages) lines.push(`  ${s.name.padEnd(13)} ${s.status.padEnd(8)} ${String(s.ms).padStart(6)} ms  ${s.findings} findings${s.detail ? `  (${s.detail})` : ""}`);
  if (report.findings.length) lines.push("findings:");
  for (const f of report.findings) {
    const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ""}` : (f.tool ?? "(submission)");
    lines.push(`  [${f.severity}] ${f.ruleId} ${where} — ${f.message} (${f.scanner})`);
  }
  return lines.join("\n");
}

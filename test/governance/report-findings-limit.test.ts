import { REPORT_FINDINGS_LIMIT, runPipeline } from "../../src/governance/pipeline";
import type { Finding } from "../../src/governance/findings";

/**
 * A submission that yields more findings than a report lists (generated files full of
 * secret-looking constants gave a report of over 200 MB): the report lists the most severe, says
 * how many more there were, and the decision still counts every one.
 */
describe("a report with more findings than it lists", () => {
  const manifest = { name: "bulky", version: "1.0.0", description: "Many generated files", license: "MIT" };
  const options = { failOn: "high" as const, semgrep: { bin: "/nonexistent/semgrep", configs: [], required: false } };
  const finding = (i: number, severity: Finding["severity"]): Finding => ({ ruleId: "live/test", severity, message: `finding ${i}`, scanner: "live", tool: `t${i}` });

  test("when a stage yields 5 000 findings, then the report lists the limit plus one line, the most severe first, and rejects for all of them", async () => {
    const findings = [...Array.from({ length: 4_999 }, (_, i) => finding(i, "low")), finding(4_999, "high")];
    const report = await runPipeline({ manifest, live: { tools: [], listMs: 1, findings } }, options);
    expect(report.findings).toHaveLength(REPORT_FINDINGS_LIMIT + 1);
    expect(report.findings[0].severity).toBe("high");
    const last = report.findings[report.findings.length - 1];
    expect(last.ruleId).toBe("report/truncated");
    expect(last.message).toContain(`${5_000 - REPORT_FINDINGS_LIMIT} more`);
    expect(report.decision).toBe("rejected");
    expect(report.stages.find((s) => s.name === "live-tools")!.findings).toBe(5_000);
  });

  test("when findings fit, then the report lists them all and nothing more", async () => {
    const findings = Array.from({ length: 10 }, (_, i) => finding(i, "low"));
    const report = await runPipeline({ manifest, live: { tools: [], listMs: 1, findings } }, options);
    expect(report.findings).toHaveLength(10);
    expect(report.decision).toBe("published");
  });
});

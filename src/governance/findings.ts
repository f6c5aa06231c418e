/** Severity order, lowest first. */
export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Scanner =
  | "manifest"
  | "qa"
  | "semgrep"
  | "eslint"
  | "ast-grep"
  | "secrets"
  | "supply-chain"
  | "poisoning"
  | "live"
  | "dataflow"
  | "sandbox"
  | "judge"
  | "pipeline";

/** One thing a check noticed: what, how bad, where, and which scanner said so. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  scanner: Scanner;
  /** Path relative to the repository root, when the finding is in a file. */
  file?: string;
  line?: number;
  /** The live tool the finding is about. */
  tool?: string;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

/** Most severe first, then by place. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      (a.file ?? a.tool ?? "").localeCompare(b.file ?? b.tool ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

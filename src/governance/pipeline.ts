import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { definitionSha256 } from "../catalog/tool-catalog";
import { isNonRuntime } from "./ast-rules";
import { atLeast, sortFindings, type Finding, type Severity } from "./findings";
import type { LiveListing } from "./live-tools";
import type { Manifest } from "./manifest-schema";
import { checkCompleteness } from "./qa";
import { scanWithSecretlint } from "./secrets";
import { runSemgrep } from "./semgrep";
import { lowerUnreachable } from "./dataflow/stage";
import type { Reachability } from "./dataflow/reachability";
import { detonate, type SandboxOptions } from "./sandbox/detonate";
import { runJudge, type JudgeConfig } from "./judge";
import { listFiles } from "./source-fetch";
import { sharedScanPool } from "./scan-worker-pool";
import { BINARY } from "./chunked-scan";
import type { StaticStage } from "./scan-worker-stages";

export type StageStatus = "pass" | "fail" | "not-run" | "error";

export interface StageResult {
  name: string;
  status: StageStatus;
  ms: number;
  findings: number;
  detail?: string;
}

export interface GovernanceReport {
  name: string;
  version: string;
  decision: "published" | "rejected";
  failOn: Severity;
  /** Why it was rejected (empty when published). */
  reasons: string[];
  findings: Finding[];
  stages: StageResult[];
  /** Pins: the sha256 of each live tool's canonical definition. */
  tools: { name: string; sha256: string }[];
  createdAt: string;
}

export interface PipelineOptions {
  failOn: Severity;
  semgrep: { bin: string; configs: readonly string[]; required: boolean };
  /** Detonation in a sandbox (absent: not run). */
  sandbox?: SandboxOptions;
  /** The optional judge stage (absent: not run). */
  judge?: JudgeConfig;
  /** Names of tools other servers already publish (shadowing). */
  otherToolNames?: readonly string[];
  /** Time (per static stage) and heap of the scan worker; past either the stage is an error. */
  scan?: { timeoutMs?: number; maxMemoryMb?: number };
}

export interface PipelineInput {
  manifest: Pick<Manifest, "name" | "version" | "description" | "license">;
  /** A checked-out source tree, when there is one. */
  sourceDir?: string;
  /** The remote's live listing, when there is one. */
  live?: LiveListing;
}

/** The scan worker's budget per static stage (ADR 0021). */
export const DEFAULT_SCAN_BUDGET = { timeoutMs: 120_000, maxMemoryMb: 1024 };
export const DEFAULT_SEMGREP_RULES = resolve(__dirname, "../../config/semgrep/mcpfed.yml");

type Stage = () => Promise<{ findings: Finding[]; status?: StageStatus; detail?: string }>;

/** A stage that has not finished by then has failed (default 10 minutes; semgrep has 2). */
const STAGE_TIMEOUT_MS = 600_000;

/** Runs one stage; whatever it throws (an Error or not) or if it never ends, the stage is "error". */
export async function runStage(name: string, stage: Stage, failOn: Severity, timeoutMs = STAGE_TIMEOUT_MS): Promise<{ result: StageResult; findings: Finding[] }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish within ${timeoutMs} ms`)), timeoutMs);
    });
    const out = await Promise.race([Promise.resolve().then(stage), deadline]);
    const status = out.status ?? (out.findings.some((f) => atLeast(f.severity, failOn)) ? "fail" : "pass");
    return { result: { name, status, ms: Math.round(performance.now() - started), findings: out.findings.length, ...(out.detail ? { detail: out.detail } : {}) }, findings: out.findings };
  } catch (err) {
    const detail = err instanceof Error ? err.message : `threw ${String(err)}`;
    return { result: { name, status: "error", ms: Math.round(performance.now() - started), findings: 0, detail }, findings: [] };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The governance pipeline: QA and security checks over a submission's source, manifest and
 * live tool list. Stages that do not depend on each other run in parallel; a stage that cannot
 * run says "not run" and a stage that crashes says "error" (which rejects: nothing is
 * published on a check that did not happen).
 */
export async function runPipeline(input: PipelineInput, options: PipelineOptions): Promise<GovernanceReport> {
  const { sourceDir, live } = input;
  const files = sourceDir ? listFiles(sourceDir).files : [];
  let reach: Reachability | undefined;
  const scan = { ...DEFAULT_SCAN_BUDGET, ...options.scan };
  const pool = sharedScanPool(scan.maxMemoryMb);
  // the static stages read the checkout on the scan worker's thread, each within the scan budget
  const inWorker = (name: StaticStage): Stage => async () => {
    const out = await pool.run({ stage: name, sourceDir: sourceDir!, files }, scan.timeoutMs);
    if (out.reach) reach = out.reach;
    return { findings: out.findings, detail: out.detail };
  };
  const noSource = async () => ({ findings: [] as Finding[], status: "not-run" as const, detail: "no source repository" });
  const stages: [string, Stage][] = [
    ["qa", async () => ({ findings: checkCompleteness(input.manifest, sourceDir, files) })],
    ...(["ast-grep", "dataflow", "eslint", "source-tools"] as const).map((name): [string, Stage] => [name, !sourceDir ? noSource : inWorker(name)]),
    [
      "secrets",
      !sourceDir
        ? noSource
        : async () => {
            const text = files.filter((f) => !BINARY.test(f));
            // secretlint in its child process, the generic scan on the scan worker, side by side
            const [lint, generic] = await Promise.all([scanWithSecretlint(sourceDir, text), pool.run({ stage: "secrets", sourceDir, files }, scan.timeoutMs)]);
            const found = [...lint, ...generic.findings];
            // test fixtures are full of fake credentials: still reported, not as high
            for (const f of found) if (f.file && isNonRuntime(f.file) && f.severity === "high") f.severity = "medium";
            return { findings: found };
          },
    ],
    ["supply-chain", !sourceDir ? noSource : inWorker("supply-chain")],
    [
      "semgrep",
      !sourceDir
        ? noSource
        : async () => {
            const configs = options.semgrep.configs.length ? options.semgrep.configs : [DEFAULT_SEMGREP_RULES];
            const out = await runSemgrep(sourceDir, { bin: options.semgrep.bin, configs });
            // only an absent semgrep is "not run"; one that is there and fails is a failed check
            if (!out.ran) return { findings: [], status: out.missing ? "not-run" : "error", detail: out.reason };
            return { findings: out.findings, detail: out.version ? `semgrep ${out.version}` : undefined };
          },
    ],
    [
      "sandbox",
      !sourceDir
        ? noSource
        : !options.sandbox?.enabled
          ? async () => ({ findings: [], status: "not-run", detail: "disabled (governance.sandbox.enabled)" })
          : async () => {
              const out = await detonate(sourceDir, options.sandbox!);
              if (!out.ran) return { findings: [{ ruleId: "sandbox/not-run", severity: "info", message: `the sandbox did not run: ${out.reason}`, scanner: "sandbox" }], status: "not-run", detail: out.reason };
              return { findings: out.findings, detail: out.detail };
            },
    ],
    [
      "live-tools",
      !live
        ? async () => ({ findings: [], status: "not-run", detail: "no remote" })
        : async () => {
            // schemas compiled and descriptions read on the scan worker: the remote decides how much there is
            const job = { stage: "live-tools" as const, tools: live.tools, instructions: live.instructions, otherToolNames: [...(options.otherToolNames ?? [])], prompts: live.prompts, resources: live.resources };
            const described = await pool.run(job, scan.timeoutMs);
            return {
              findings: [...live.findings, ...described.findings],
              detail: `${live.tools.length} tools listed in ${Math.round(live.listMs)} ms`,
            };
          },
    ],
    [
      "judge",
      !options.judge
        ? async () => ({ findings: [], status: "not-run", detail: "not configured (governance.judge)" })
        : !live
          ? async () => ({ findings: [], status: "not-run", detail: "no remote" })
          : async () => {
              const out = await runJudge(live.tools, options.judge!);
              return out.ran ? { findings: out.findings, detail: out.detail } : { findings: [], status: "not-run", detail: out.reason };
            },
    ],
  ];
  // Stages that work in child processes (secretlint, semgrep) start first and run beside the
  // in-process ones, which run one after the other so each one's time is its own.
  const inChildProcess = new Set(["secrets", "semgrep", "sandbox", "judge"]);
  const background = stages.filter(([name]) => inChildProcess.has(name)).map(([name, stage]) => runStage(name, stage, options.failOn));
  const foreground: Awaited<ReturnType<typeof runStage>>[] = [];
  for (const [name, stage] of stages) if (!inChildProcess.has(name)) foreground.push(await runStage(name, stage, options.failOn));
  const byName = new Map([...foreground, ...(await Promise.all(background))].map((r) => [r.result.name, r]));
  const results = stages.map(([name]) => byName.get(name)!);
  if (reach) {
    lowerUnreachable(results.flatMap((r) => r.findings), reach);
    for (const r of results) if (r.result.status === "fail" && !r.findings.some((f) => atLeast(f.severity, options.failOn))) r.result.status = "pass";
  }
  const all = sortFindings(results.flatMap((r) => r.findings));
  const reasons: string[] = [];
  const blocking = all.filter((f) => atLeast(f.severity, options.failOn));
  if (blocking.length) reasons.push(`${blocking.length} finding(s) at or above ${options.failOn}`);
  for (const r of results) {
    // a stage that failed without a blocking finding still rejects: its "fail" is the verdict
    const failedQuietly = r.result.status === "fail" && !r.findings.some((f) => atLeast(f.severity, options.failOn));
    if (r.result.status === "error" || failedQuietly) reasons.push(`stage ${r.result.name} failed: ${r.result.detail ?? r.result.status}`);
  }
  const semgrep = results.find((r) => r.result.name === "semgrep")!.result;
  const sandbox = results.find((r) => r.result.name === "sandbox")!.result;
  if (options.sandbox?.required && sourceDir && sandbox.status === "not-run") reasons.push(`the sandbox is required but did not run: ${sandbox.detail ?? ""}`);
  if (options.semgrep.required && sourceDir && semgrep.status === "not-run") reasons.push(`semgrep is required but did not run: ${semgrep.detail ?? ""}`);
  return {
    name: input.manifest.name,
    version: input.manifest.version,
    decision: reasons.length ? "rejected" : "published",
    failOn: options.failOn,
    reasons,
    findings: listedFindings(all),
    stages: results.map((r) => r.result),
    tools: (live?.tools ?? []).map((t) => ({ name: t.name, sha256: definitionSha256({ name: t.name, description: t.description ?? "", inputSchema: t.inputSchema }) })),
    createdAt: new Date().toISOString(),
  };
}

/**
 * The findings a report lists: the most severe REPORT_FINDINGS_LIMIT, then one line saying how
 * many more there were. A repository of generated files can yield a million findings (hundreds of
 * megabytes of report); the decision and the stages' counts still see every one.
 */
export const REPORT_FINDINGS_LIMIT = 1_000;

function listedFindings(sorted: Finding[]): Finding[] {
  if (sorted.length <= REPORT_FINDINGS_LIMIT) return sorted;
  const more = sorted.length - REPORT_FINDINGS_LIMIT;
  return [
    ...sorted.slice(0, REPORT_FINDINGS_LIMIT),
    { ruleId: "report/truncated", severity: "info", scanner: "pipeline", message: `${more} more finding(s) not listed: the report lists the ${REPORT_FINDINGS_LIMIT} most severe of ${sorted.length}` },
  ];
}

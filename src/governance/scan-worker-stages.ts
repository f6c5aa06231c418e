import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isScannableSource, scanSource } from "./ast-rules";
import { BINARY, MAX_SCANNED_BYTES, scanInChunks, unscannableFinding } from "./chunked-scan";
import { scanWithEslint } from "./eslint-scan";
import type { Finding } from "./findings";
import { scanSourceTools } from "./descriptions/source-scan";
import { runDataflow } from "./dataflow/stage";
import type { Reachability } from "./dataflow/reachability";
import { scanPackageJson } from "./supply-chain";
import { scanGenericSecrets } from "./secrets";
import { runLiveToolsJob, runScreenJob, type LiveToolsJob, type ScreenJob } from "./description-jobs";

// the data-flow stage reads files up to 8 MiB (its own step budget bounds the work): payloads
// padded past the other scanners' 1 MiB would otherwise go unread; bigger files are reported
const MAX_FLOW_BYTES = 8 * 1024 * 1024;

/** The static stages that read a checkout and run in the scan worker. */

export type StaticStage = "ast-grep" | "dataflow" | "eslint" | "source-tools" | "supply-chain" | "secrets";

/** One static stage's job: plain data, so it crosses to a worker thread. */
export interface StaticStageJob {
  stage: StaticStage;
  sourceDir: string;
  files: string[];
}

/** Any job the scan worker takes: a static stage over a checkout, or description analysis. */
export type ScanJob = StaticStageJob | LiveToolsJob | ScreenJob;

/** A static stage's outcome (a Set survives the structured clone back). */
export interface StaticStageOutput {
  findings: Finding[];
  detail?: string;
  reach?: Reachability;
  /** A screen job's verdicts, one list per group. */
  verdicts?: [string, string][][];
}


/** Runs any scan job; the same work wherever it runs. */
export async function runScanJob(job: ScanJob): Promise<StaticStageOutput> {
  if (job.stage === "live-tools") return { findings: runLiveToolsJob(job) };
  if (job.stage === "screen") return { findings: [], verdicts: runScreenJob(job) };
  return runStaticStage(job);
}

/** Reads each file once per job, bounded by size: undefined past the bound. */
function reader(sourceDir: string) {
  const texts = new Map<string, { text: string | undefined; bytes: number }>();
  const readUpTo = (f: string, max: number) => {
    let entry = texts.get(f);
    if (!entry) {
      const bytes = readFileSync(join(sourceDir, f));
      entry = { text: bytes.length > MAX_FLOW_BYTES ? undefined : bytes.toString("utf8"), bytes: bytes.length };
      texts.set(f, entry);
    }
    return entry.bytes <= max ? entry.text : undefined;
  };
  return {
    read: (f: string) => readUpTo(f, MAX_SCANNED_BYTES),
    readForFlow: (f: string) => readUpTo(f, MAX_FLOW_BYTES),
    sizeOf: (f: string) => statSync(join(sourceDir, f)).size,
  };
}

/** Runs one static stage over a checkout; the same work wherever it runs. */
export async function runStaticStage(job: StaticStageJob): Promise<StaticStageOutput> {
  const { sourceDir, files } = job;
  const sources = files.filter(isScannableSource);
  const { read, readForFlow, sizeOf } = reader(sourceDir);
  switch (job.stage) {
    case "ast-grep":
      return { findings: sources.flatMap((f) => { const t = read(f); return t === undefined ? [unscannableFinding(f, "ast-grep", sizeOf(f))] : scanSource(f, t); }) };
    case "dataflow": {
      const out = runDataflow(files, readForFlow);
      return { findings: out.findings, detail: out.detail, reach: out.reach };
    }
    case "eslint":
      return { findings: await scanWithEslint(sourceDir, sources) };
    case "source-tools": {
      const out = scanSourceTools(sources.flatMap((f) => { const t = read(f); return t === undefined ? [] : [{ file: f, text: t }]; }));
      return { findings: out.findings, detail: `${out.tools} tool definitions in source` };
    }
    case "secrets":
      // generic high-entropy assignments; files past the in-memory bound a chunk at a time
      return { findings: files.filter((f) => !BINARY.test(f)).flatMap((f) => { const t = read(f); return t === undefined ? scanInChunks(join(sourceDir, f), f, scanGenericSecrets) : scanGenericSecrets(f, t); }) };
    case "supply-chain":
      return { findings: files.filter((f) => f.endsWith("package.json")).flatMap((f) => { const t = read(f); return t === undefined ? [unscannableFinding(f, "supply-chain", sizeOf(f))] : scanPackageJson(t, f); }) };
  }
}

// bench/governance: the full pipeline (git clone + every stage) over a ~300-file JS/TS tree
// copied from node_modules, in measure() rounds (BENCH_ROUNDS: median total with spread, failed
// runs counted apart) with the wall time per stage of the last run; then detection over the corpus of
// malicious and benign samples, printed as a table; then the description analysis over
// bench/data/governance (see bench/governance-descriptions.js).
"use strict";
const { execFileSync } = require("node:child_process");
const { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const { measure, fmt, fmtSpread, printTable } = require("./lib");
const { distModule, firstMissing, readJsonOrSkip, runPart, skip } = require("./governance-inputs");

const TREE = process.env.BENCH_TREE ?? "ajv";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CORPUS = join(__dirname, "../test/fixtures/corpus");

function gitRepoOf(src) {
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-bench-gov-"));
  cpSync(src, dir, { recursive: true, filter: (p) => !p.includes("/node_modules/", src.length) });
  const env = { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@b", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@b" };
  for (const args of [["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "x"]]) execFileSync("git", args, { cwd: dir, env, stdio: "ignore" });
  return dir;
}

function hasGit() {
  try {
    execFileSync("git", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function pipelineBench() {
  const part = "bench/governance: full pipeline";
  const missing = firstMissing(join(__dirname, "../node_modules", TREE));
  if (missing) return skip(part, `${missing} not found; set BENCH_TREE to an installed package`);
  if (!hasGit()) return skip(part, "git not found on PATH");
  const { runPipeline } = distModule("governance/pipeline");
  const { cloneRepository } = distModule("governance/source-fetch");
  const repo = gitRepoOf(join(__dirname, "../node_modules", TREE));
  let last;
  const once = async () => {
    const t0 = performance.now();
    const checkout = await cloneRepository(`file://${repo}`, { allowFileRepos: true });
    const cloneMs = performance.now() - t0;
    try {
      const t1 = performance.now();
      const report = await runPipeline(
        { manifest: { name: TREE, version: "1.0.0", description: `copy of ${TREE}`, license: "MIT" }, sourceDir: checkout.dir },
        { failOn: "high", semgrep: { bin: "semgrep", configs: [], required: false } },
      );
      last = { cloneMs, pipelineMs: performance.now() - t1, report };
    } finally {
      checkout.cleanup();
    }
  };
  const [run] = await measure([{ name: "clone + pipeline", fn: once }], { rounds: ROUNDS, calls: 1, concurrency: 1 });
  if (!last) {
    rmSync(repo, { recursive: true, force: true });
    throw new Error(`every pipeline run failed (${run.failed} of ${run.failed + run.ok})`);
  }
  const { cloneMs, pipelineMs, report } = last;
  const files = execFileSync("git", ["ls-files"], { cwd: repo }).toString().trim().split("\n").length;
  rmSync(repo, { recursive: true, force: true });
  const rows = [{ stage: "git clone --depth 1", status: "ok", "wall ms": fmt(cloneMs, 0), findings: "" }];
  for (const s of report.stages) rows.push({ stage: s.name, status: s.status, "wall ms": String(s.ms), findings: String(s.findings) });
  rows.push({ stage: "pipeline (stages run in parallel)", status: report.decision, "wall ms": fmt(pipelineMs, 0), findings: String(report.findings.length) });
  rows.push({ stage: "total (last run)", status: "", "wall ms": fmt(cloneMs + pipelineMs, 0), findings: "" });
  rows.push({ stage: `total, median of ${run.ok} runs [min–max]`, status: run.failed ? `${run.failed} failed` : "", "wall ms": fmtSpread(run.p50, 0), findings: "" });
  printTable(`bench/governance: full pipeline over node_modules/${TREE} (${files} files; target: < 10 s in all; secrets and semgrep run in child processes beside the other stages, so their wall times overlap)`, rows);
}

/** Findings of the static stages /register runs on source (rules, data flow, tool definitions). */
async function staticFindings(dir, file) {
  const { runStaticStage } = distModule("governance/scan-worker-stages");
  const out = [];
  for (const stage of ["ast-grep", "dataflow", "source-tools"]) out.push(...(await runStaticStage({ stage, sourceDir: dir, files: [file] })).findings);
  return out;
}

async function detectionTable() {
  const corpus = readJsonOrSkip("bench/governance: corpus detection", join(CORPUS, "tools-corpus.json"));
  if (!corpus) return;
  const { scanToolList, scanText } = distModule("governance/poisoning");
  const { scanPackageJson } = distModule("governance/supply-chain");
  const rows = [];
  const serious = (fs) => fs.filter((f) => ["medium", "high", "critical"].includes(f.severity));
  const add = (kind, id, expected, findings) => {
    const hits = serious(findings);
    const detected = hits.length > 0;
    rows.push({
      sample: id,
      kind,
      expected: expected ? "flag" : "pass",
      result: detected ? "flagged" : "passed",
      ok: detected === expected ? "yes" : "NO",
      rules: [...new Set(hits.map((f) => f.ruleId))].slice(0, 3).join(", "),
    });
  };
  for (const m of corpus.malicious) add("tool", m.id, true, scanToolList([m.tool]));
  add("tool", `${corpus.rugPull.id} (after)`, true, scanToolList([corpus.rugPull.after]));
  add("instructions", corpus.serverInstructions.id, true, scanToolList([], corpus.serverInstructions.instructions));
  add("tool output", corpus.toolOutput.id, true, corpus.toolOutput.result.content.flatMap((c) => scanText(c.text)));
  add("tool set", corpus.toxicFlow.id, true, scanToolList(corpus.toxicFlow.tools));
  for (const file of existsSync(join(CORPUS, "src")) ? readdirSync(join(CORPUS, "src")).sort() : []) {
    // source is judged by the static stages the pipeline runs (ast-rules' scanSource alone no
    // longer holds the code rules: data flow does), package.json by the supply-chain check
    const findings = file === "package.json" ? scanPackageJson(readFileSync(join(CORPUS, "src", file), "utf8"), file) : await staticFindings(join(CORPUS, "src"), file);
    add("source", file, true, findings);
  }
  for (const b of corpus.benign) add("tool", b.id, false, scanToolList([b.tool]));
  add("tool", `${corpus.rugPull.id} (before)`, false, scanToolList([corpus.rugPull.before]));
  const missed = rows.filter((r) => r.ok !== "yes").length;
  printTable(`corpus detection: ${rows.length - missed}/${rows.length} as expected (every malicious sample flagged, no benign sample flagged)`, rows);
}

async function main() {
  if (!distModule("governance/pipeline")) return skip("bench/governance", "dist/ not built: run `npm run build` first");
  await runPart("bench/governance: full pipeline", pipelineBench);
  await runPart("bench/governance: corpus detection", detectionTable);
  await runPart("bench/governance: description analysis", () => require("./governance-descriptions").main());
  await runPart("bench/governance: held-out static set", () => require("./governance-heldout").main());
  await runPart("bench/governance: static sets", () => require("./governance-sets").main());
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

// bench/governance-sets: the static stages (ast-grep rules, data flow, tool definitions in source)
// over the tuning set (test/fixtures/governance-tuning, one file or one directory per sample) and
// the held-out set (test/fixtures/governance-heldout), per technique class: a sample is rejected
// when a finding is at or above the default fail-on severity (high), the way /register decides.
"use strict";
const { readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { distModule, firstMissing, readJsonOrSkip, skip } = require("./governance-inputs");
const { printTable } = require("./lib");

function runStaticStage(input) {
  return distModule("governance/scan-worker-stages").runStaticStage(input);
}

const FIXTURES = join(__dirname, "../test/fixtures");
const STAGES = ["ast-grep", "dataflow", "source-tools"];

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => statSync(join(dir, f)).isFile());
}

/** The static findings of one sample (a file, or every file of a directory). */
async function findingsOf(dir, entry) {
  const isDir = statSync(join(dir, entry)).isDirectory();
  const sourceDir = isDir ? join(dir, entry) : dir;
  const files = isDir ? filesUnder(sourceDir) : [entry];
  const out = [];
  for (const stage of STAGES) out.push(...(await runStaticStage({ stage, sourceDir, files })).findings);
  return out;
}

// the held-out set has no class list: its file names say the technique
const HELDOUT_CLASSES = [
  [/exfil|ssh|dns/, "exfiltration"], [/cmd|shell|os_system|reverse/, "command-injection"], [/eval|function/, "code-injection"],
  [/traversal/, "path-traversal"], [/ssrf/, "ssrf"], [/poison|shadow/, "description"], [/buffer|array|bomb|inflate|mult|gzip|alloc/, "resource-exhaustion"],
  [/nunjucks|pug|jinja|format|template/, "template-injection"], [/mismatch/, "mismatch"], [/pickle|deserial/, "deserialization"],
];

async function measureSet(name, root, classOf) {
  const missing = firstMissing(join(root, "malicious"), join(root, "benign"));
  if (missing) return skip(`bench/governance: ${name}`, `${missing} not found`);
  const rows = [];
  const byClass = new Map();
  const totals = { malicious: [0, 0], benign: [0, 0] };
  for (const kind of ["malicious", "benign"]) {
    const dir = join(root, kind);
    for (const entry of readdirSync(dir).sort()) {
      const findings = await findingsOf(dir, entry);
      const blocking = findings.filter((f) => f.severity === "high" || f.severity === "critical");
      const rejected = blocking.length > 0;
      totals[kind][0] += rejected ? 1 : 0;
      totals[kind][1] += 1;
      const cls = kind === "malicious" ? classOf(entry) : "benign";
      const c = byClass.get(cls) ?? [0, 0];
      byClass.set(cls, [c[0] + (rejected ? 1 : 0), c[1] + 1]);
      const shown = rejected ? blocking : findings.filter((f) => f.severity === "medium");
      rows.push({ sample: entry, class: cls, result: rejected ? "rejected" : "published", ok: rejected === (kind === "malicious") ? "yes" : "NO", rules: [...new Set(shown.map((f) => `${f.ruleId}(${f.severity})`))].slice(0, 3).join(", ") });
    }
  }
  if (!rows.length) return skip(`bench/governance: ${name}`, "no samples");
  const [tp, nm] = totals.malicious;
  const [fp, nb] = totals.benign;
  printTable(`${name}: rejected at fail-on high: ${tp}/${nm} malicious (${nm ? ((100 * tp) / nm).toFixed(0) : "-"}%), ${fp}/${nb} benign (false positives)`, rows);
  printTable(`${name}: per technique class`, [...byClass].sort().map(([cls, [r, n]]) => ({ class: cls, rejected: `${r}/${n}`, rate: `${((100 * r) / n).toFixed(0)}%` })));
  return { malicious: totals.malicious, benign: totals.benign };
}

/** Real servers' checkouts (BENCH_GOV_REAL=dir: one server per subdirectory, tests excluded): all should publish. */
async function measureReal(root) {
  const missing = firstMissing(root);
  if (missing) return skip("bench/governance: real servers", `BENCH_GOV_REAL=${root}: ${missing} not found`);
  const rows = [];
  let rejected = 0;
  const entries = readdirSync(root).filter((e) => statSync(join(root, e)).isDirectory()).sort();
  for (const entry of entries) {
    const dir = join(root, entry);
    const files = filesUnder(dir).filter((f) => !/(^|\/)(node_modules|__tests__|tests?)\//.test(f) && !/\.(test|spec)\.[jt]s$/.test(f));
    const findings = [];
    for (const stage of STAGES) findings.push(...(await runStaticStage({ stage, sourceDir: dir, files })).findings);
    const blocking = findings.filter((f) => f.severity === "high" || f.severity === "critical");
    if (blocking.length) rejected += 1;
    rows.push({ server: entry, files: String(files.length), result: blocking.length ? "rejected" : "published", rules: [...new Set((blocking.length ? blocking : findings.filter((f) => f.severity === "medium")).map((f) => `${f.ruleId}(${f.severity}) ${f.file}:${f.line ?? ""}`))].slice(0, 3).join(", ") });
  }
  if (!rows.length) return skip("bench/governance: real servers", `no server directories under ${root}`);
  printTable(`real servers under ${root}: ${rejected}/${entries.length} rejected (false positives)`, rows);
}

async function main() {
  if (process.env.BENCH_GOV_REAL) return measureReal(process.env.BENCH_GOV_REAL);
  const tuningRoot = join(FIXTURES, "governance-tuning");
  const classes = readJsonOrSkip("bench/governance: tuning set", join(tuningRoot, "classes.json"));
  if (classes) await measureSet("tuning set", tuningRoot, (e) => classes[e] ?? "other");
  if (process.env.BENCH_GOV_SETS !== "tuning") {
    await measureSet("held-out set", join(FIXTURES, "governance-heldout"), (e) => HELDOUT_CLASSES.find(([re]) => re.test(e.toLowerCase()))?.[1] ?? "other");
  }
}

module.exports = { main, measureSet };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });


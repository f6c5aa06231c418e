// bench/governance-heldout: the static stages (ast-grep rules, data flow, tool definitions in
// source) over test/fixtures/governance-heldout, samples written apart from any tuning: a sample
// counts as flagged when any stage reports a medium or worse finding, and as rejected when one is
// at or above the default fail-on severity (high), which is what keeps it from being published.
"use strict";
const { readdirSync } = require("node:fs");
const { join } = require("node:path");
const { distModule, firstMissing, skip } = require("./governance-inputs");
const { printTable } = require("./lib");

const ROOT = join(__dirname, "../test/fixtures/governance-heldout");
const STAGES = ["ast-grep", "dataflow", "source-tools"];

async function findingsOf(dir, file) {
  const { runStaticStage } = distModule("governance/scan-worker-stages");
  const out = [];
  for (const stage of STAGES) out.push(...(await runStaticStage({ stage, sourceDir: dir, files: [file] })).findings);
  return out.filter((f) => ["medium", "high", "critical"].includes(f.severity));
}

async function main() {
  const missing = firstMissing(join(ROOT, "malicious"), join(ROOT, "benign"));
  if (missing) return skip("bench/governance: held-out static set", `${missing} not found`);
  const rows = [];
  const tally = { malicious: [0, 0], benign: [0, 0] };
  const rejected = { malicious: 0, benign: 0 };
  for (const kind of ["malicious", "benign"]) {
    const dir = join(ROOT, kind);
    for (const file of readdirSync(dir).sort()) {
      const hits = await findingsOf(dir, file);
      const flagged = hits.length > 0;
      if (hits.some((f) => f.severity === "high" || f.severity === "critical")) rejected[kind] += 1;
      tally[kind][0] += flagged ? 1 : 0;
      tally[kind][1] += 1;
      rows.push({ sample: file, kind, result: flagged ? "flagged" : "passed", ok: flagged === (kind === "malicious") ? "yes" : "NO", rules: [...new Set(hits.map((f) => f.ruleId))].slice(0, 3).join(", ") });
    }
  }
  if (!rows.length) return skip("bench/governance: held-out static set", "no samples");
  const [tp, nm] = tally.malicious;
  const [fp, nb] = tally.benign;
  printTable(`held-out set: ${tp}/${nm} malicious flagged (recall ${nm ? ((100 * tp) / nm).toFixed(0) : "-"}%), ${fp}/${nb} benign flagged; rejected at fail-on high: ${rejected.malicious}/${nm} malicious, ${rejected.benign}/${nb} benign`, rows);
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

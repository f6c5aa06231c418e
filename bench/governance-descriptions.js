// bench/governance (descriptions): detection of poisoned descriptions per technique class,
// language, encoding and placement, on a dev split (tuned on) and a held-out split (written
// apart and run once), and false positives on real MCP servers' tool definitions.
"use strict";
const { createHash } = require("node:crypto");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const { buildSamples } = require("./governance-samples");
const { distModule, readJsonOrSkip, skip } = require("./governance-inputs");
const { printTable } = require("./lib");

const DATA = join(__dirname, "data/governance");
const BLOCKING = new Set(["high", "critical"]);

function blocking(server) {
  const { scanToolList } = distModule("governance/poisoning");
  return scanToolList(server.tools, server.instructions, server.federation ?? [], { prompts: server.prompts, resources: server.resources }).filter((f) => BLOCKING.has(f.severity));
}

function rate(hit, total) {
  return `${hit}/${total} (${total ? ((100 * hit) / total).toFixed(1) : "-"}%)`;
}

function byKey(results, key) {
  const groups = new Map();
  for (const r of results) {
    const g = groups.get(r[key]) ?? { hit: 0, total: 0 };
    g.total++;
    if (r.detected) g.hit++;
    groups.set(r[key], g);
  }
  return [...groups].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([k, g]) => ({ [key]: k, rejected: rate(g.hit, g.total) }));
}

function maliciousSplit(split) {
  const part = `bench/governance: malicious ${split} descriptions`;
  const data = readJsonOrSkip(part, join(DATA, `malicious-${split}-bases.json`));
  if (!data) return undefined;
  if (!Array.isArray(data.bases)) return skip(part, `malicious-${split}-bases.json has no "bases" array`);
  const samples = buildSamples(data, split);
  const t0 = performance.now();
  const results = samples.map((s) => ({ ...s, detected: blocking(s.server).length > 0 }));
  const ms = performance.now() - t0;
  const hit = results.filter((r) => r.detected).length;
  const title = `malicious ${split}: ${rate(hit, results.length)} rejected for the attack (${(ms / results.length).toFixed(2)} ms per server)`;
  for (const key of ["technique", "language", "encoding", "placement"]) printTable(`${title} — by ${key}`, byKey(results, key));
  const missed = results.filter((r) => !r.detected);
  if (missed.length) printTable(`malicious ${split}: missed`, missed.map((r) => ({ id: r.id, technique: r.technique, language: r.language, encoding: r.encoding, placement: r.placement })));
  return { split, hit, total: results.length };
}

/**
 * Held-out 2's benign servers in two halves by the first hex digit of sha256(package): below 8
 * the tuning half (opened to detector work after the first run), the rest stays blind.
 */
function tuningHalf(server) {
  return createHash("sha256").update(server.package).digest("hex")[0] < "8";
}

/** BENCH_GOV_TUNING_ONLY=1: only what may be tuned on (the dev sets, held-out 2's tuning half). */
const TUNING_ONLY = process.env.BENCH_GOV_TUNING_ONLY === "1";

function benignSet(file, label, keep = () => true) {
  const part = `bench/governance: benign ${label}`;
  const data = readJsonOrSkip(part, join(DATA, file));
  if (!data) return undefined;
  if (!Array.isArray(data.servers)) return skip(part, `${file} has no "servers" array`);
  const rows = [];
  let flagged = 0;
  let tools = 0;
  const t0 = performance.now();
  const servers = data.servers.filter(keep);
  for (const s of servers) {
    tools += (s.tools ?? []).length;
    const hits = blocking({ ...s, tools: s.tools ?? [], federation: [] });
    if (hits.length) {
      flagged++;
      for (const f of hits.slice(0, 3)) rows.push({ server: s.package, tool: f.tool ?? "", rule: f.ruleId, message: f.message.slice(0, 110) });
    }
  }
  const ms = performance.now() - t0;
  printTable(`benign ${label}: ${servers.length - flagged}/${servers.length} servers (${tools} tools) published, ${flagged} rejected (${(ms / Math.max(1, tools)).toFixed(2)} ms per tool)`, rows.length ? rows : [{ server: "(none rejected)", tool: "", rule: "", message: "" }]);
  return { label, servers: servers.length, flagged, tools };
}

/** The held-out splits after held-out 1, in the order they were written. */
const HELD_OUT = ["heldout2", "heldout3", "heldout4b", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20"];

async function main() {
  const summary = [];
  for (const split of TUNING_ONLY ? ["dev"] : ["dev", "heldout"]) {
    const r = maliciousSplit(split);
    if (r) summary.push({ set: `malicious ${split}`, result: rate(r.hit, r.total), target: ">= 90% rejected" });
  }
  // held-out 2 to 16: each written apart from every set before it and from the detector, committed
  // before any run and run once before any tuning on it (ADRs 0047, 0053, 0054, 0057, 0058, 0060, 0061,
  // 0063-heldout9, 0064-heldout10, 0065-heldout11, 0067-heldout12, 0068-heldout13,
  // 0069-heldout14, 0071-heldout15, 0072-heldout16)
  for (const split of TUNING_ONLY ? [] : HELD_OUT) {
    const r = maliciousSplit(split);
    if (r) summary.push({ set: `malicious ${split}`, result: rate(r.hit, r.total), target: ">= 90% rejected" });
  }
  const benign = [
    ["benign-tools.json", "npm servers (dev)"],
    ["livemcpbench-tools.json", "LiveMCPBench (dev)"],
    ["benign-heldout2-tools.json", "npm servers (held-out 2, tuning half)", tuningHalf],
  ];
  if (!TUNING_ONLY) benign.push(["benign-heldout-tools.json", "npm servers (held-out)"], ["benign-heldout2-tools.json", "npm servers (held-out 2, blind half)", (s) => !tuningHalf(s)]);
  if (!TUNING_ONLY) for (const split of HELD_OUT.slice(1)) benign.push([`benign-${split}-tools.json`, `npm servers (held-out ${split.slice("heldout".length)})`]);
  for (const [file, label, keep] of benign) {
    const r = benignSet(file, label, keep);
    if (r) summary.push({ set: `benign ${label}`, result: `${r.servers - r.flagged}/${r.servers} published`, target: "all published" });
  }
  if (summary.length) printTable("bench/governance: description analysis summary", summary);
  else skip("bench/governance: description analysis summary", "no description data in bench/data/governance");
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

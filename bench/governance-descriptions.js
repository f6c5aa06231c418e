// bench/governance (descriptions): detection of poisoned descriptions per technique class,
// language, encoding and placement, on a dev split (tuned on) and a held-out split (written
// apart and run once), and false positives on real MCP servers' tool definitions.
"use strict";
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

function benignSet(file, label) {
  const part = `bench/governance: benign ${label}`;
  const data = readJsonOrSkip(part, join(DATA, file));
  if (!data) return undefined;
  if (!Array.isArray(data.servers)) return skip(part, `${file} has no "servers" array`);
  const rows = [];
  let flagged = 0;
  let tools = 0;
  const t0 = performance.now();
  for (const s of data.servers) {
    tools += (s.tools ?? []).length;
    const hits = blocking({ ...s, tools: s.tools ?? [], federation: [] });
    if (hits.length) {
      flagged++;
      for (const f of hits.slice(0, 3)) rows.push({ server: s.package, tool: f.tool ?? "", rule: f.ruleId, message: f.message.slice(0, 110) });
    }
  }
  const ms = performance.now() - t0;
  printTable(`benign ${label}: ${data.servers.length - flagged}/${data.servers.length} servers (${tools} tools) published, ${flagged} rejected (${(ms / Math.max(1, tools)).toFixed(2)} ms per tool)`, rows.length ? rows : [{ server: "(none rejected)", tool: "", rule: "", message: "" }]);
  return { label, servers: data.servers.length, flagged, tools };
}

async function main() {
  const summary = [];
  for (const split of ["dev", "heldout"]) {
    const r = maliciousSplit(split);
    if (r) summary.push({ set: `malicious ${split}`, result: rate(r.hit, r.total), target: ">= 90% rejected" });
  }
  // held-out 2: written apart from the two splits above and committed before any run; never tune on it
  const heldout2 = maliciousSplit("heldout2");
  if (heldout2) summary.push({ set: "malicious heldout2", result: rate(heldout2.hit, heldout2.total), target: ">= 90% rejected" });
  for (const [file, label] of [["benign-tools.json", "npm servers (dev)"], ["livemcpbench-tools.json", "LiveMCPBench (dev)"], ["benign-heldout-tools.json", "npm servers (held-out)"]]) {
    const r = benignSet(file, label);
    if (r) summary.push({ set: `benign ${label}`, result: `${r.servers - r.flagged}/${r.servers} published`, target: "all published" });
  }
  const benign2 = benignSet("benign-heldout2-tools.json", "npm servers (held-out 2)");
  if (benign2) summary.push({ set: `benign ${benign2.label}`, result: `${benign2.servers - benign2.flagged}/${benign2.servers} published`, target: "all published" });
  if (summary.length) printTable("bench/governance: description analysis summary", summary);
  else skip("bench/governance: description analysis summary", "no description data in bench/data/governance");
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

// bench/sync: 50 real mcpfed nodes on loopback, 1,000 catalog entries each; a full refresh of
// the engine, then a refresh when nothing changed (ETag → 304), with time and bytes of each.
"use strict";
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const pino = require("pino");
const { createNode } = require("../dist/node/create-node");
const { NodeConfigSchema } = require("../dist/config/config-schema");
const { definitionSha256 } = require("../dist/catalog/tool-catalog");
const { FederatedEngine } = require("../dist/engine");
const { fmt, printTable } = require("./lib");

const PEERS = Number(process.env.BENCH_PEERS ?? 50);
const TOOLS = Number(process.env.BENCH_TOOLS ?? 1000);
const TOKEN = "bench-token-0123456789abcdef0123";

function entries(peer) {
  return Array.from({ length: TOOLS }, (_, i) => {
    const inputSchema = { type: "object", properties: { query: { type: "string", description: "what to look for" } }, required: ["query"] };
    const description = `Tool ${i} of partner ${peer}: searches the ${["docs", "tickets", "code", "wiki"][i % 4]} index`;
    return {
      name: `svc${i % 10}.tool${i}`,
      server: `svc${i % 10}`,
      origin: "registered",
      description,
      version: "1.0.0",
      tags: [["search", "docs", "dev", "ops"][i % 4]],
      capabilities: ["read-only"],
      inputSchema,
      executable: false,
      definitionSha256: definitionSha256({ name: `tool${i}`, description, inputSchema }),
      updatedAt: Date.now(),
    };
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-bench-sync-"));
  const nodes = [];
  for (let p = 0; p < PEERS; p++) {
    const config = NodeConfigSchema.parse({ node: { name: `peer${p}`, port: 0, db: join(dir, `peer${p}.db`), logLevel: "silent" }, sharedToken: TOKEN });
    const node = await createNode(config, { logger: pino({ level: "silent" }) });
    const byServer = new Map();
    for (const e of entries(p)) (byServer.get(e.server) ?? byServer.set(e.server, []).get(e.server)).push(e);
    for (const [server, list] of byServer) node.catalog.replaceServer(server, list);
    const http = await node.listen();
    nodes.push({ node, url: http.url });
  }
  const engine = new FederatedEngine({ peers: nodes.map((n) => ({ url: n.url, token: TOKEN })), timeoutMs: 10_000 });

  let t0 = performance.now();
  const full = await engine.refresh();
  const fullMs = performance.now() - t0;
  const fullBytes = full.peers.reduce((s, p) => s + p.bytes, 0);
  t0 = performance.now();
  const again = await engine.refresh();
  const againMs = performance.now() - t0;
  const againBytes = again.peers.reduce((s, p) => s + p.bytes, 0);
  t0 = performance.now();
  engine.rank({ query: "search docs index", limit: 20 });
  const firstRankMs = performance.now() - t0;
  t0 = performance.now();
  const ranked = engine.rank({ query: "tickets partner", limit: 20 });
  const rankMs = performance.now() - t0;

  printTable(`bench/sync (${PEERS} peers x ${TOOLS} tools; targets: full < 3 s; unchanged < 300 ms with < 1% of the bytes)`, [
    { refresh: "full", ms: fmt(fullMs, 0), bytes: fullBytes, entries: full.entries, errors: full.errors.length },
    { refresh: "unchanged (304)", ms: fmt(againMs, 0), bytes: againBytes, entries: again.entries, errors: again.errors.length },
    { refresh: "ratio unchanged/full", ms: fmt(againMs / fullMs, 3), bytes: fmt(againBytes / fullBytes, 4), entries: "", errors: "" },
    { refresh: `rank query top-20 over ${full.entries}, index built`, ms: fmt(firstRankMs, 0), bytes: "", entries: 20, errors: "" },
    { refresh: `rank query top-20, index cached`, ms: fmt(rankMs, 0), bytes: "", entries: ranked.length, errors: "" },
  ]);
  await engine.close();
  for (const n of nodes) await n.node.stop();
  rmSync(dir, { recursive: true, force: true });
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

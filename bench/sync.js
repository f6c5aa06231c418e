// bench/sync: the engine's refresh against many partners on loopback, 1,000 catalog entries each:
// a full sync (fresh engine), then a sync when nothing changed (ETag → 304), with time, bytes
// and memory. By default 500 light peers (bench/catalog-peers.js: one process, one port per
// peer, serving a catalog the way a node's /discover does); BENCH_SYNC_NODES=real runs real
// mcpfed nodes instead (50 by default: each is a whole node).
"use strict";
const { spawn } = require("node:child_process");
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const pino = require("pino");
const { createNode } = require("../dist/node/create-node");
const { NodeConfigSchema } = require("../dist/config/config-schema");
const { definitionSha256 } = require("../dist/catalog/tool-catalog");
const { FederatedEngine } = require("../dist/engine");
const { collectGarbage, fmt, fmtSpread, measure, printTable, rssMb } = require("./lib");

const REAL = process.env.BENCH_SYNC_NODES === "real";
const PEERS = Number(process.env.BENCH_PEERS ?? (REAL ? 50 : 500));
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

/** Starts the light peers' process; resolves with their URLs, its pid and a stop(). */
function startLightPeers() {
  const child = spawn(process.execPath, [join(__dirname, "catalog-peers.js"), String(PEERS), String(TOOLS), TOKEN], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("catalog peers did not start")), 120_000);
    child.stdout.on("data", (chunk) => {
      out += chunk.toString("utf8");
      const m = /listening on (\[.*\])\n/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ urls: JSON.parse(m[1]), pid: child.pid, stop: () => new Promise((r) => { child.once("exit", r); child.kill("SIGTERM"); }) });
    });
    child.once("exit", (code) => reject(new Error(`catalog peers exited with ${code}`)));
  });
}

async function light() {
  const peers = await startLightPeers();
  const engineFor = () => new FederatedEngine({ peers: peers.urls.map((url) => ({ url, token: TOKEN })), timeoutMs: 20_000 });
  const refreshOk = async (engine) => {
    const r = await engine.refresh();
    if (r.errors.length > 0) throw new Error(`${r.errors.length} peers failed: ${r.errors[0].error}`);
    return r;
  };
  const warm = engineFor();
  const first = await refreshOk(warm);
  collectGarbage();
  const heapMb = process.memoryUsage().heapUsed / 1048576;
  const rss = process.memoryUsage().rss / 1048576;
  const results = await measure(
    [
      { name: "full (fresh engine)", fn: async () => { const e = engineFor(); try { await refreshOk(e); } finally { await e.close(); } } },
      { name: "unchanged (304)", fn: () => refreshOk(warm) },
    ],
    { rounds: 3, warmupRounds: 0, calls: 1 },
  );
  const again = await warm.refresh();
  const bytes = (r) => r.peers.reduce((s, p) => s + p.bytes, 0);
  let t0 = performance.now();
  warm.rank({ query: "search docs index", limit: 20 });
  const buildMs = performance.now() - t0;
  t0 = performance.now();
  warm.rank({ query: "tickets partner", limit: 20 });
  const queryMs = performance.now() - t0;
  printTable(`bench/sync (${PEERS} light peers x ${TOOLS} tools; targets: full < 10 s, unchanged < 1 s)`, results.map((r) => ({
    refresh: r.name,
    "s, median [min–max] of 3": fmtSpread({ median: r.p50.median / 1000, min: r.p50.min / 1000, max: r.p50.max / 1000 }, 2),
    failed: r.failed,
  })));
  console.log(`entries ${first.entries}; bytes full ${bytes(first)}, unchanged ${bytes(again)}; engine heap ${fmt(heapMb, 0)} MB (after GC), RSS ${fmt(rss, 0)} MB after a full sync; peers process RSS ${fmt(rssMb(peers.pid), 0)} MB`);
  console.log(`first query after the sync (builds the search index over ${first.entries} tools): ${fmt(buildMs, 0)} ms; next query: ${fmt(queryMs, 1)} ms`);
  await warm.close();
  await peers.stop();
}

async function main() {
  if (!REAL) return light();
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

// bench/ingest: POST /metadata with 1000-record batches against raw better-sqlite3 inserts of
// the same rows in one transaction.
"use strict";
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const { Pool } = require("undici");
const pino = require("pino");
const { createNode } = require("../dist/node/create-node");
const { NodeConfigSchema } = require("../dist/config/config-schema");
const { openDatabase } = require("../dist/store/database");
const { fmt, printTable } = require("./lib");

const TOKEN = "bench-token-0123456789abcdef0123";
const BATCHES = Number(process.env.BENCH_BATCHES ?? 200);

function batch() {
  return Array.from({ length: 1000 }, (_, i) => ({ mcp_name: `srv.tool${i % 50}`, success: i % 7 !== 0, latency_ms: i % 300, cost: 0.001 }));
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-bench-"));
  const rows = batch();

  // raw: the same rows, one transaction per batch, prepared statement
  const db = openDatabase(join(dir, "raw.db"));
  const insert = db.prepare("INSERT INTO records (mcp_name, success, latency_ms, cost, ts, source, error_class) VALUES (?, ?, ?, ?, ?, ?, NULL)");
  const tx = db.transaction((list) => {
    const ts = Math.floor(Date.now() / 60000) * 60000;
    for (const r of list) insert.run(r.mcp_name, r.success ? 1 : 0, r.latency_ms, r.cost, ts, "bench");
  });
  let t0 = performance.now();
  for (let i = 0; i < BATCHES; i++) tx(rows);
  const rawSec = (performance.now() - t0) / 1000;
  db.close();

  const config = NodeConfigSchema.parse({ node: { name: "bench", port: 0, db: join(dir, "node.db"), logLevel: "silent" }, sharedToken: TOKEN, sharedTokenScopes: ["metadata:write", "metadata:read"] });
  const node = await createNode(config, { logger: pino({ level: "silent" }) });
  const listening = await node.listen();
  const pool = new Pool(listening.url, { connections: 4 });
  const payload = JSON.stringify(rows);
  const post = async () => {
    const res = await pool.request({ path: "/metadata", method: "POST", body: payload, headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` } });
    await res.body.text();
    if (res.statusCode !== 204) throw new Error(`status ${res.statusCode}`);
  };
  for (let i = 0; i < 5; i++) await post();
  t0 = performance.now();
  for (let i = 0; i < BATCHES; i++) await post();
  const nodeSec = (performance.now() - t0) / 1000;
  await pool.close();
  await node.stop();

  const rawRate = (BATCHES * 1000) / rawSec;
  const nodeRate = (BATCHES * 1000) / nodeSec;
  printTable(`bench/ingest (${BATCHES} batches of 1000; target: node >= 40% of raw)`, [
    { path: "raw better-sqlite3 transaction", "records/s": fmt(rawRate, 0), "ms/batch": fmt((rawSec * 1000) / BATCHES, 2) },
    { path: "POST /metadata", "records/s": fmt(nodeRate, 0), "ms/batch": fmt((nodeSec * 1000) / BATCHES, 2) },
    { path: "ratio node/raw", "records/s": fmt(nodeRate / rawRate, 2), "ms/batch": "" },
  ]);
  rmSync(dir, { recursive: true, force: true });
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

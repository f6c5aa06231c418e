// bench/ingest: POST /metadata with 1000-record batches against raw better-sqlite3 inserts of
// the same rows in one transaction, both in the same interleaved measure() rounds.
"use strict";
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { Pool } = require("undici");
const pino = require("pino");
const { createNode } = require("../dist/node/create-node");
const { NodeConfigSchema } = require("../dist/config/config-schema");
const { openDatabase } = require("../dist/store/database");
const { measure, fmt, fmtSpread, printTable } = require("./lib");

const TOKEN = "bench-token-0123456789abcdef0123";
const BATCHES = Number(process.env.BENCH_BATCHES ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

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
  const [raw, viaNode] = await measure(
    [
      { name: "raw better-sqlite3 transaction", fn: () => tx(rows) },
      { name: "POST /metadata", fn: post },
    ],
    { rounds: ROUNDS, calls: BATCHES, concurrency: 1 },
  );
  await pool.close();
  await node.stop();
  db.close();

  const perRecord = (s) => ({ median: s.median * 1000, min: s.min * 1000, max: s.max * 1000 });
  printTable(`bench/ingest (${ROUNDS} rounds x ${BATCHES} batches of 1000 per path; target: node >= 40% of raw)`, [
    ...[raw, viaNode].map((r) => ({ path: r.name, "records/s median [min–max]": fmtSpread(perRecord(r.perSec), 0), "ms/batch p50": fmtSpread(r.p50, 2), ok: r.ok, failed: r.failed })),
    { path: "ratio node/raw", "records/s median [min–max]": fmt(viaNode.perSec.median / raw.perSec.median, 2), "ms/batch p50": "", ok: "", failed: "" },
  ]);
  rmSync(dir, { recursive: true, force: true });
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

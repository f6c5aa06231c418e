// bench/postgres: the node on PostgreSQL.
// (1) ingest: POST /metadata with 1000-record batches against raw `pg` inserts of the same rows
//     (per-row INSERTs in one transaction, and one multi-row INSERT … unnest per batch);
// (2) GET /discover and POST /execute throughput with 1 and 2 replicas (processes) on one database.
// Each part runs its paths in the same interleaved measure() rounds (BENCH_ROUNDS).
// PostgreSQL: MCPFED_BENCH_PG_URL or MCPFED_TEST_PG_URL, else a throwaway cluster from
// scripts/pg-test-server.sh (stopped at the end).
"use strict";
const { execFileSync } = require("node:child_process");
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const pg = require("pg");
const { Pool } = require("undici");
const pino = require("pino");
const { createNode } = require("../dist/node/create-node");
const { NodeConfigSchema } = require("../dist/config/config-schema");
const { migratePostgres } = require("../dist/store/postgres/pg-migrate");
const { measure, fmt, fmtSpread, printTable, spawnServer } = require("./lib");

const TOKEN = "bench-token-0123456789abcdef0123";
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 400);
const EVERYTHING = join(__dirname, "../node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const SCRIPT = join(__dirname, "../scripts/pg-test-server.sh");

async function cluster() {
  const url = process.env.MCPFED_BENCH_PG_URL || process.env.MCPFED_TEST_PG_URL;
  if (url) return { url, stop: () => {} };
  const out = execFileSync(SCRIPT, ["start"], { encoding: "utf8" });
  const dir = /^MCPFED_TEST_PG_DIR=(.+)$/m.exec(out)[1];
  return { url: /^MCPFED_TEST_PG_URL=(.+)$/m.exec(out)[1], stop: () => execFileSync(SCRIPT, ["stop", dir]) };
}

async function freshDatabase(base, name) {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

const batch = () => Array.from({ length: 1000 }, (_, i) => ({ mcp_name: `srv.tool${i % 50}`, success: i % 7 !== 0, latency_ms: i % 300, cost: 0.001 }));

async function ingest(base) {
  const rows = batch();
  const url = await freshDatabase(base, "mcpfed_bench_ingest");
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  await migratePostgres(pool);
  const ts = () => Math.floor(Date.now() / 60000) * 60000;
  const perRow = async () => {
    const c = await pool.connect();
    await c.query("BEGIN");
    for (const r of rows) {
      await c.query({ name: "ins", text: "INSERT INTO records (mcp_name, success, latency_ms, cost, ts, source) VALUES ($1, $2, $3, $4, $5, 'bench')", values: [r.mcp_name, r.success, r.latency_ms, r.cost, ts()] });
    }
    await c.query("COMMIT");
    c.release();
  };
  const unnest = async () => {
    const t = ts();
    await pool.query(
      "INSERT INTO records (mcp_name, success, latency_ms, cost, ts, source) SELECT m, s, l, c, $5, 'bench' FROM unnest($1::text[], $2::bool[], $3::float8[], $4::float8[]) AS x(m, s, l, c)",
      [rows.map((r) => r.mcp_name), rows.map((r) => r.success), rows.map((r) => r.latency_ms), rows.map((r) => r.cost), t],
    );
  };

  const config = NodeConfigSchema.parse({ node: { name: "bench", port: 0, db: url, logLevel: "silent" }, sharedToken: TOKEN, sharedTokenScopes: ["metadata:write", "metadata:read"], limits: { requestsPerMinute: 100_000_000 } });
  const node = await createNode(config, { logger: pino({ level: "silent" }) });
  const listening = await node.listen();
  const http = new Pool(listening.url, { connections: 4 });
  const payload = JSON.stringify(rows);
  const post = async () => {
    const res = await http.request({ path: "/metadata", method: "POST", body: payload, headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` } });
    await res.body.text();
    if (res.statusCode !== 204) throw new Error(`status ${res.statusCode}`);
  };
  // one call first, outside the rounds: a refused batch (auth, scope) stops the bench loudly
  // instead of showing up as a row of failed calls
  await post();
  const results = await measure(
    [
      { name: "raw pg: per-row INSERTs, one transaction", fn: perRow },
      { name: "raw pg: one INSERT … unnest", fn: unnest },
      { name: "POST /metadata (node on PostgreSQL)", fn: post },
    ],
    { rounds: ROUNDS, calls: BATCHES, concurrency: 1 },
  );
  await http.close();
  await node.stop();
  await pool.end();

  const records = (s) => ({ median: s.median * 1000, min: s.min * 1000, max: s.max * 1000 });
  const best = Math.max(results[0].perSec.median, results[1].perSec.median);
  printTable(`bench/postgres ingest (${ROUNDS} rounds x ${BATCHES} batches of 1000 per path; target: node >= 40% of the best raw pg)`, [
    ...results.map((r) => ({ path: r.name, "records/s median [min–max]": fmtSpread(records(r.perSec), 0), "ms/batch p50": fmtSpread(r.p50, 2), ok: r.ok, failed: r.failed })),
    { path: "ratio node / best raw", "records/s median [min–max]": fmt(results[2].perSec.median / best, 2), "ms/batch p50": "", ok: "", failed: "" },
  ]);
}

function client(urls, method, path, body) {
  const pools = urls.map((u) => new Pool(u, { connections: 32 }));
  const payload = body && JSON.stringify(body);
  let next = 0;
  const fn = async () => {
    const pool = pools[next++ % pools.length];
    const res = await pool.request({ path, method, body: payload, headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` } });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
  };
  return { fn, close: () => Promise.all(pools.map((p) => p.close())) };
}

async function replicas(base) {
  const url = await freshDatabase(base, "mcpfed_bench_replicas");
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-bench-pg-"));
  const configPath = join(dir, "node.json");
  writeFileSync(configPath, JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], maxConcurrent: 64 } }, limits: { requestsPerMinute: 100_000_000 } }));
  const start = () =>
    spawnServer([join(__dirname, "../dist/cli.js"), "start", "--port", "0", "--config", configPath, "--db", url, "--log-level", "info"], {
      env: { ...process.env, MCP_FEDERATION_TOKEN: TOKEN },
    });
  const nodes = [await start(), await start()];
  const rows = [];
  const clients = [];
  try {
    const cases = [];
    for (const n of [1, 2]) {
      const urls = nodes.slice(0, n).map((x) => x.url);
      for (const [label, method, path, body] of [
        ["GET /discover", "GET", "/discover?limit=50", undefined],
        ["POST /execute", "POST", "/execute", { mcp_name: "everything.echo", kwargs: { message: "hi" } }],
      ]) {
        const c = client(urls, method, path, body);
        clients.push(c);
        cases.push({ name: `${n} replica(s): ${label}`, fn: c.fn });
      }
    }
    for (const r of await measure(cases, { rounds: ROUNDS, calls: CALLS, concurrency: 16 })) {
      rows.push({ path: r.name, "calls/s median [min–max]": fmtSpread(r.perSec, 0), "p50 ms": fmtSpread(r.p50, 2), "p99 ms": fmtSpread(r.p99, 2), ok: r.ok, failed: r.failed });
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(nodes.map((x) => x.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(`bench/postgres replicas (concurrency 16, ${ROUNDS} rounds x ${CALLS} calls per path; ${require("node:os").cpus().length} CPUs shared by the load, the replicas and PostgreSQL)`, rows);
}

async function main() {
  const pgc = await cluster();
  try {
    await ingest(pgc.url);
    await replicas(pgc.url);
  } finally {
    pgc.stop();
  }
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

// bench/postgres: the node on PostgreSQL.
// (1) ingest: POST /metadata with 1000-record batches against raw `pg` inserts of the same rows
//     (per-row INSERTs in one transaction, and one multi-row INSERT … unnest per batch);
// (2) GET /discover and POST /execute throughput with 1 and 2 replicas (processes) on one database.
// PostgreSQL: MCPFED_BENCH_PG_URL or MCPFED_TEST_PG_URL, else a throwaway cluster from
// scripts/pg-test-server.sh (stopped at the end).
"use strict";
const { execFileSync } = require("node:child_process");
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const pg = require("pg");
const { Pool } = require("undici");
const pino = require("pino");
const { createNode } = require("../dist/node/create-node");
const { NodeConfigSchema } = require("../dist/config/config-schema");
const { migratePostgres } = require("../dist/store/postgres/pg-migrate");
const { runLoad, fmt, printTable, spawnServer } = require("./lib");

const TOKEN = "bench-token-0123456789abcdef0123";
const BATCHES = Number(process.env.BENCH_BATCHES ?? 100);
const DURATION = Number(process.env.BENCH_MS ?? 3000);
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

async function timeBatches(fn) {
  for (let i = 0; i < 3; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < BATCHES; i++) await fn();
  return (performance.now() - t0) / 1000;
}

async function ingest(base) {
  const rows = batch();
  const url = await freshDatabase(base, "mcpfed_bench_ingest");
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  await migratePostgres(pool);
  const ts = () => Math.floor(Date.now() / 60000) * 60000;
  const perRow = await timeBatches(async () => {
    const c = await pool.connect();
    await c.query("BEGIN");
    for (const r of rows) {
      await c.query({ name: "ins", text: "INSERT INTO records (mcp_name, success, latency_ms, cost, ts, source) VALUES ($1, $2, $3, $4, $5, 'bench')", values: [r.mcp_name, r.success, r.latency_ms, r.cost, ts()] });
    }
    await c.query("COMMIT");
    c.release();
  });
  const unnest = await timeBatches(async () => {
    const t = ts();
    await pool.query(
      "INSERT INTO records (mcp_name, success, latency_ms, cost, ts, source) SELECT m, s, l, c, $5, 'bench' FROM unnest($1::text[], $2::bool[], $3::float8[], $4::float8[]) AS x(m, s, l, c)",
      [rows.map((r) => r.mcp_name), rows.map((r) => r.success), rows.map((r) => r.latency_ms), rows.map((r) => r.cost), t],
    );
  });
  await pool.end();

  const config = NodeConfigSchema.parse({ node: { name: "bench", port: 0, db: url, logLevel: "silent" }, sharedToken: TOKEN, limits: { requestsPerMinute: 100_000_000 } });
  const node = await createNode(config, { logger: pino({ level: "silent" }) });
  const listening = await node.listen();
  const http = new Pool(listening.url, { connections: 4 });
  const payload = JSON.stringify(rows);
  const nodeSec = await timeBatches(async () => {
    const res = await http.request({ path: "/metadata", method: "POST", body: payload, headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` } });
    await res.body.text();
    if (res.statusCode !== 204) throw new Error(`status ${res.statusCode}`);
  });
  await http.close();
  await node.stop();

  const rate = (sec) => (BATCHES * 1000) / sec;
  const best = Math.max(rate(perRow), rate(unnest));
  printTable(`bench/postgres ingest (${BATCHES} batches of 1000; target: node >= 40% of the best raw pg)`, [
    { path: "raw pg: per-row INSERTs, one transaction", "records/s": fmt(rate(perRow), 0), "ms/batch": fmt((perRow * 1000) / BATCHES, 2) },
    { path: "raw pg: one INSERT … unnest", "records/s": fmt(rate(unnest), 0), "ms/batch": fmt((unnest * 1000) / BATCHES, 2) },
    { path: "POST /metadata (node on PostgreSQL)", "records/s": fmt(rate(nodeSec), 0), "ms/batch": fmt((nodeSec * 1000) / BATCHES, 2) },
    { path: "ratio node / best raw", "records/s": fmt(rate(nodeSec) / best, 2), "ms/batch": "" },
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
  try {
    for (const n of [1, 2]) {
      const urls = nodes.slice(0, n).map((x) => x.url);
      for (const [label, method, path, body] of [
        ["GET /discover", "GET", "/discover?limit=50", undefined],
        ["POST /execute", "POST", "/execute", { mcp_name: "everything.echo", kwargs: { message: "hi" } }],
      ]) {
        const c = client(urls, method, path, body);
        const r = await runLoad(c.fn, { concurrency: 16, durationMs: DURATION });
        await c.close();
        rows.push({ replicas: n, path: label, "calls/s": fmt(r.perSec, 0), "p50 ms": fmt(r.p50, 2), "p99 ms": fmt(r.p99, 2), errors: r.errors });
      }
    }
  } finally {
    await Promise.all(nodes.map((x) => x.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(`bench/postgres replicas (concurrency 16, ${DURATION} ms each; ${require("node:os").cpus().length} CPUs shared by the load, the replicas and PostgreSQL)`, rows);
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

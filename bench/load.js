// bench/load: a spawned node under 64 concurrent callers against /discover and /execute
// (server-everything's echo), both in the same interleaved measure() rounds: throughput and
// p50/p99 as medians with spread, failed calls (5xx, network) counted apart, non-2xx, and the
// node's resident memory before, after the warm-up round and at the end. The per-token rate limit is raised for the run: the point
// is the node's own capacity, not the limiter (which the tests cover).
"use strict";
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { Pool } = require("undici");
const { measure, fmt, fmtSpread, printTable, spawnServer, rssMb } = require("./lib");

const TOKEN = "bench-token-0123456789abcdef0123";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_LOAD_CALLS ?? 4000);
const CONNECTIONS = 64;
const EVERYTHING = join(__dirname, "../node_modules/@modelcontextprotocol/server-everything/dist/index.js");

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-bench-load-"));
  const config = join(dir, "node.json");
  writeFileSync(
    config,
    JSON.stringify({
      mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], tools: { include: ["echo", "get-sum"] }, maxConcurrent: 64, maxQueued: 1024 } },
      limits: { requestsPerMinute: 100_000_000 },
    }),
  );
  const node = await spawnServer([join(__dirname, "../dist/cli.js"), "start", "--port", "0", "--config", config, "--db", join(dir, "load.db"), "--log-level", "warn"], {
    env: { ...process.env, MCP_FEDERATION_TOKEN: TOKEN },
  });
  const pool = new Pool(node.url, { connections: CONNECTIONS, pipelining: 1 });
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  const non2xx = { discover: 0, execute: 0 };
  const call = async (kind, opts) => {
    const res = await pool.request({ ...opts, headers, headersTimeout: 10_000, bodyTimeout: 10_000 });
    await res.body.text();
    if (res.statusCode >= 300) {
      non2xx[kind]++;
      if (res.statusCode >= 500) throw new Error(`status ${res.statusCode}`);
    }
  };
  const discover = () => call("discover", { path: "/discover?limit=50", method: "GET" });
  const execute = () => call("execute", { path: "/execute", method: "POST", body: JSON.stringify({ mcp_name: "everything.echo", kwargs: { message: "load" } }) });

  await new Promise((r) => setTimeout(r, 500));
  const before = rssMb(node.pid);
  // one extra round first, to read the memory after the warm-up
  await measure([{ name: "warm-up", fn: discover }, { name: "warm-up", fn: execute }], { rounds: 1, warmupRounds: 0, calls: CALLS, concurrency: CONNECTIONS });
  const warmed = rssMb(node.pid);
  non2xx.discover = non2xx.execute = 0;
  const results = await measure(
    [
      { name: "GET /discover", fn: discover },
      { name: "POST /execute", fn: execute },
    ],
    { rounds: ROUNDS, warmupRounds: 0, calls: CALLS, concurrency: CONNECTIONS },
  );
  const after = rssMb(node.pid);
  const rows = results.map((r, i) => ({
    route: r.name,
    "req/s median [min–max]": fmtSpread(r.perSec, 0),
    "p50 ms": fmtSpread(r.p50, 2),
    "p99 ms": fmtSpread(r.p99, 2),
    ok: r.ok,
    "failed (5xx/network)": r.failed,
    "non-2xx": i === 0 ? non2xx.discover : non2xx.execute,
  }));
  rows.push({ route: "node RSS MB", "req/s median [min–max]": `before ${fmt(before, 1)}  after warm-up ${fmt(warmed, 1)}  end ${fmt(after, 1)}`, "p50 ms": `growth after warm-up ${fmt(after - warmed, 1)}`, "p99 ms": "", ok: "", "failed (5xx/network)": "", "non-2xx": "" });
  printTable(`bench/load (${CONNECTIONS} callers, ${ROUNDS} rounds x ${CALLS} calls per route; targets: zero errors and no 5xx, /discover p99 < 20 ms, memory growth < 50 MB)`, rows);
  await pool.close();
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

// bench/load: a spawned node under 64 concurrent connections for 20 s each against /discover
// and /execute (server-everything's echo): throughput, p50/p99, errors, non-2xx, and the node's
// resident memory before and after. The per-token rate limit is raised for the run: the point
// is the node's own capacity, not the limiter (which the tests cover).
"use strict";
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { Pool } = require("undici");
const { runLoad, fmt, printTable, spawnServer, rssMb } = require("./lib");

const TOKEN = "bench-token-0123456789abcdef0123";
const DURATION = Number(process.env.BENCH_LOAD_MS ?? 20_000);
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
  let non2xx = 0;
  const call = async (opts) => {
    const res = await pool.request({ ...opts, headers, headersTimeout: 10_000, bodyTimeout: 10_000 });
    await res.body.text();
    if (res.statusCode >= 300) {
      non2xx++;
      if (res.statusCode >= 500) throw new Error(`status ${res.statusCode}`);
    }
  };
  const discover = () => call({ path: "/discover?limit=50", method: "GET" });
  const execute = () => call({ path: "/execute", method: "POST", body: JSON.stringify({ mcp_name: "everything.echo", kwargs: { message: "load" } }) });

  await new Promise((r) => setTimeout(r, 500));
  const rows = [];
  for (const [route, fn] of [["GET /discover", discover], ["POST /execute", execute]]) {
    non2xx = 0;
    const before = rssMb(node.pid);
    let warmed = NaN;
    setTimeout(() => (warmed = rssMb(node.pid)), 1000 + DURATION / 4).unref();
    const r = await runLoad(fn, { concurrency: CONNECTIONS, durationMs: DURATION, warmupMs: 1000 });
    const after = rssMb(node.pid);
    rows.push({
      route,
      "req/s": fmt(r.perSec, 0),
      "p50 ms": fmt(r.p50, 2),
      "p99 ms": fmt(r.p99, 2),
      "errors (5xx/network)": r.errors,
      "non-2xx": non2xx,
      "rss before MB": fmt(before, 1),
      "rss at 1/4 MB": fmt(warmed, 1),
      "rss after MB": fmt(after, 1),
      "growth MB": fmt(after - before, 1),
      "growth after 1/4 MB": fmt(after - warmed, 1),
    });
  }
  printTable(`bench/load (${CONNECTIONS} connections, ${DURATION / 1000} s per route; targets: zero errors and no 5xx, /discover p99 < 20 ms, memory growth < 50 MB)`, rows);
  await pool.close();
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

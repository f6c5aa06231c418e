// bench/metrics-memory: 500 uploads of 1000 unique, unregistered mcp_names, then GET /metrics.
// Prints RSS and heap growth, the size of /metrics and how long it took (issue 12: the node died
// of heap exhaustion). Run alone: `npm run build && node --expose-gc bench/metrics-memory.js`.
"use strict";
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const { Pool } = require("undici");
const pino = require("pino");
const { createNode } = require("../dist/node/create-node");
const { NodeConfigSchema } = require("../dist/config/config-schema");
const { fmt, printTable } = require("./lib");

const TOKEN = "bench-token-0123456789abcdef0123";
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 500);

const mib = (bytes) => bytes / 1024 / 1024;
function memory() {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-bench-"));
  const config = NodeConfigSchema.parse({ node: { name: "bench", port: 0, db: join(dir, "node.db"), logLevel: "silent" }, sharedToken: TOKEN });
  const node = createNode(config, { logger: pino({ level: "silent" }) });
  const listening = await node.listen();
  const pool = new Pool(listening.url, { connections: 2 });
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  const before = memory();
  const t0 = performance.now();
  for (let u = 0; u < UPLOADS; u++) {
    const body = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ mcp_name: `u${u}-tool-${i}`, success: i % 3 !== 0, latency_ms: i % 500 })));
    const res = await pool.request({ path: "/metadata", method: "POST", headers, body });
    await res.body.dump();
    if (res.statusCode !== 204) throw new Error(`upload ${u}: ${res.statusCode}`);
  }
  const uploadSec = (performance.now() - t0) / 1000;
  const afterUploads = memory();
  const t1 = performance.now();
  const metrics = await pool.request({ path: "/metrics", method: "GET" });
  const text = await metrics.body.text();
  const metricsMs = performance.now() - t1;
  const after = memory();
  printTable("metrics-memory: unregistered names uploaded, then GET /metrics", [
    {
      uploads: UPLOADS,
      records: UPLOADS * 1000,
      "upload s": fmt(uploadSec),
      "RSS growth MiB": fmt(mib(after.rss - before.rss)),
      "heap growth MiB": fmt(mib(after.heap - before.heap)),
      "/metrics bytes": text.length,
      "/metrics ms": fmt(metricsMs),
    },
  ]);
  console.log(`after uploads: rss ${fmt(mib(afterUploads.rss))} MiB, heap ${fmt(mib(afterUploads.heap))} MiB`);
  await pool.close();
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

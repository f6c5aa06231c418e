// bench/execute: (a) the SDK client calling server-everything's echo over stdio directly,
// (b) a bare node:http forwarder in front of the same kind of client (the floor for any HTTP
// front), (c) POST /execute on a running node with auth, validation and the record on.
"use strict";
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { Pool } = require("undici");
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");
const { runLoad, fmt, printTable, spawnServer } = require("./lib");

const EVERYTHING = join(__dirname, "../node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const TOKEN = "bench-token-0123456789abcdef0123";
const DURATION = Number(process.env.BENCH_MS ?? 3000);

async function connectEverything() {
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, "stdio"], stderr: "ignore" }));
  return client;
}

function poster(url, path, body, headers = {}) {
  const pool = new Pool(url, { connections: 32, pipelining: 1 });
  const payload = JSON.stringify(body);
  const fn = async () => {
    const res = await pool.request({ path, method: "POST", body: payload, headers: { "content-type": "application/json", ...headers } });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
  };
  return { fn, close: () => pool.close() };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-bench-"));
  const direct = await connectEverything();
  // (b) and (c) each run in a process of their own, as deployed; the load comes from this one.
  const forwarder = await spawnServer([join(__dirname, "forwarder.js")]);
  const configPath = join(dir, "node.json");
  // the per-token rate limit is raised: the benchmark measures the node, not the limiter
  writeFileSync(configPath, JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], maxConcurrent: 64 } }, limits: { requestsPerMinute: 100_000_000 } }));
  const listening = await spawnServer(
    [join(__dirname, "../dist/cli.js"), "start", "--port", "0", "--config", configPath, "--db", join(dir, "bench.db"), "--log-level", "info"],
    { env: { ...process.env, MCP_FEDERATION_TOKEN: TOKEN } },
  );

  const a = () => direct.callTool({ name: "echo", arguments: { message: "hi" } });
  const b = poster(forwarder.url, "/execute", { mcp_name: "everything.echo", kwargs: { message: "hi" } });
  const c = poster(listening.url, "/execute", { mcp_name: "everything.echo", kwargs: { message: "hi" } }, { authorization: `Bearer ${TOKEN}` });

  const rows = [];
  for (const concurrency of [1, 16]) {
    const ra = await runLoad(a, { concurrency, durationMs: DURATION });
    const rb = await runLoad(b.fn, { concurrency, durationMs: DURATION });
    const rc = await runLoad(c.fn, { concurrency, durationMs: DURATION });
    for (const [label, r] of [["(a) SDK direct", ra], ["(b) node:http forwarder", rb], ["(c) mcpfed /execute", rc]]) {
      rows.push({ concurrency, path: label, "calls/s": fmt(r.perSec, 0), "p50 ms": fmt(r.p50, 3), "p99 ms": fmt(r.p99, 3), errors: r.errors });
    }
    rows.push({
      concurrency,
      path: "ratios",
      "calls/s": `c/b ${fmt(rc.perSec / rb.perSec)}  c/a ${fmt(rc.perSec / ra.perSec)}`,
      "p50 ms": `c-b ${fmt(rc.p50 - rb.p50, 3)}`,
      "p99 ms": "",
      errors: "",
    });
  }
  printTable(`bench/execute (${DURATION} ms per run; targets: c/b >= 0.5 at 16, p50 at 1 within 0.5 ms of b)`, rows);

  await b.close();
  await c.close();
  await forwarder.stop();
  await direct.close();
  await listening.stop();
  rmSync(dir, { recursive: true, force: true });
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

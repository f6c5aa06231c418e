// bench/mcp: a tool call through the node's /mcp (SDK client, Streamable HTTP session) against
// the same call made directly to the hosted Streamable HTTP server, at 1 and 16 concurrent.
"use strict";
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StreamableHTTPClientTransport } = require("@modelcontextprotocol/sdk/client/streamableHttp.js");
const { runLoad, fmt, printTable, spawnServer } = require("./lib");

const TOKEN = "bench-token-0123456789abcdef0123";
const DURATION = Number(process.env.BENCH_MS ?? 5000);

async function client(url, headers = {}) {
  const c = new Client({ name: "bench", version: "1" });
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return c;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-bench-mcp-"));
  const echo = await spawnServer([join(__dirname, "mcp-echo-server.js")]);
  const config = join(dir, "node.json");
  writeFileSync(config, JSON.stringify({ mcpServers: { http: { url: `${echo.url}/mcp`, maxConcurrent: 64 } }, limits: { requestsPerMinute: 100_000_000 } }));
  const node = await spawnServer([join(__dirname, "../dist/cli.js"), "start", "--port", "0", "--config", config, "--db", join(dir, "mcp.db"), "--log-level", "warn"], {
    env: { ...process.env, MCP_FEDERATION_TOKEN: TOKEN },
  });
  const direct = await client(`${echo.url}/mcp`);
  const viaNode = await client(`${node.url}/mcp`, { authorization: `Bearer ${TOKEN}` });
  const a = () => direct.callTool({ name: "echo", arguments: { message: "hi" } });
  const b = () => viaNode.callTool({ name: "http.echo", arguments: { message: "hi" } });
  const rows = [];
  for (const concurrency of [1, 16]) {
    const ra = await runLoad(a, { concurrency, durationMs: DURATION });
    const rb = await runLoad(b, { concurrency, durationMs: DURATION });
    rows.push({ concurrency, path: "direct to the hosted server", "calls/s": fmt(ra.perSec, 0), "p50 ms": fmt(ra.p50, 3), "p99 ms": fmt(ra.p99, 3), errors: ra.errors });
    rows.push({ concurrency, path: "through the node's /mcp", "calls/s": fmt(rb.perSec, 0), "p50 ms": fmt(rb.p50, 3), "p99 ms": fmt(rb.p99, 3), errors: rb.errors });
    rows.push({ concurrency, path: "node vs direct", "calls/s": `${fmt((100 * rb.perSec) / ra.perSec, 0)}%`, "p50 ms": `+${fmt(rb.p50 - ra.p50, 3)}`, "p99 ms": "", errors: "" });
  }
  printTable(`bench/mcp (${DURATION} ms per run; targets at 16 concurrent: at most +1.5 ms p50 and at least 70% of direct throughput)`, rows);
  await direct.close();
  await viaNode.close();
  await node.stop();
  await echo.stop();
  rmSync(dir, { recursive: true, force: true });
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

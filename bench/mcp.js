// bench/mcp: a tool call through the node's /mcp (SDK client, Streamable HTTP session) against
// the same call made directly to the hosted Streamable HTTP server, at 1 and 16 concurrent.
// A bare forwarder (bench/mcp-forwarder.js: node:http in, undici out, nothing else) runs in the
// same rounds as the floor any HTTP hop pays on this machine.
//
// Method: every path is warmed up first (the SDK client and server take seconds to reach steady
// speed), then measured in BENCH_ROUNDS rounds whose order rotates, so drift on a shared machine
// falls on every path alike; the table gives the median round. CPU ms per call is read from
// /proc for each process over all rounds of a path.
"use strict";
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StreamableHTTPClientTransport } = require("@modelcontextprotocol/sdk/client/streamableHttp.js");
const { runLoad, fmt, printTable, spawnServer, cpuMs, median } = require("./lib");

const TOKEN = "bench-token-0123456789abcdef0123";
const DURATION = Number(process.env.BENCH_MS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP_MS ?? 3000);

async function client(url, headers = {}) {
  const c = new Client({ name: "bench", version: "1" });
  // The transport hands one long-lived AbortSignal to every fetch, and Node's fetch leaves a
  // listener on it per call until GC. POSTs go without it (the calls are the same); the GET
  // event stream keeps it, so close() can end that stream.
  const fetchLean = (input, init = {}) => {
    if (init.method === "GET") return fetch(input, init);
    const { signal: _signal, ...rest } = init;
    return fetch(input, rest);
  };
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, fetch: fetchLean }));
  return c;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-bench-mcp-"));
  const echo = await spawnServer([join(__dirname, "mcp-echo-server.js")]);
  const forwarder = await spawnServer([join(__dirname, "mcp-forwarder.js"), `${echo.url}/mcp`]);
  const config = join(dir, "node.json");
  writeFileSync(config, JSON.stringify({ mcpServers: { http: { url: `${echo.url}/mcp`, maxConcurrent: 64 } }, limits: { requestsPerMinute: 100_000_000 } }));
  const node = await spawnServer([join(__dirname, "../dist/cli.js"), "start", "--port", "0", "--config", config, "--db", join(dir, "mcp.db"), "--log-level", "warn"], {
    env: { ...process.env, MCP_FEDERATION_TOKEN: TOKEN },
  });
  const direct = await client(`${echo.url}/mcp`);
  const viaNode = await client(`${node.url}/mcp`, { authorization: `Bearer ${TOKEN}` });
  const viaForwarder = await client(`${forwarder.url}/mcp`);
  const viaPassthrough = await client(`${node.url}/mcp/http`, { authorization: `Bearer ${TOKEN}` });
  const args = { message: "hi" };
  const paths = [
    { label: "direct to the hosted server", call: () => direct.callTool({ name: "echo", arguments: args }), front: undefined },
    { label: "through the node's /mcp", call: () => viaNode.callTool({ name: "http__echo", arguments: args }), front: node.pid },
    { label: "through a bare forwarder", call: () => viaForwarder.callTool({ name: "echo", arguments: args }), front: forwarder.pid },
    { label: "through the node's /mcp/http (pass-through)", call: () => viaPassthrough.callTool({ name: "echo", arguments: args }), front: node.pid },
  ];
  for (const p of paths) await runLoad(p.call, { concurrency: 16, durationMs: WARMUP, warmupMs: 0 });

  const rows = [];
  for (const concurrency of [1, 16]) {
    const stats = paths.map(() => ({ runs: [], calls: 0, errors: 0, frontCpu: 0, serverCpu: 0 }));
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < paths.length; k++) {
        const i = (k + round) % paths.length;
        const p = paths[i];
        const before = { front: p.front ? cpuMs(p.front) : 0, server: cpuMs(echo.pid) };
        const r = await runLoad(p.call, { concurrency, durationMs: DURATION, warmupMs: 200 });
        const s = stats[i];
        s.runs.push(r);
        s.calls += r.calls;
        s.errors += r.errors;
        s.frontCpu += p.front ? cpuMs(p.front) - before.front : 0;
        s.serverCpu += cpuMs(echo.pid) - before.server;
      }
    }
    const summary = stats.map((s) => ({
      perSec: median(s.runs.map((r) => r.perSec)),
      p50: median(s.runs.map((r) => r.p50)),
      p99: median(s.runs.map((r) => r.p99)),
      errors: s.errors,
      frontCpu: s.frontCpu / s.calls,
      serverCpu: s.serverCpu / s.calls,
    }));
    paths.forEach((p, i) => {
      const s = summary[i];
      rows.push({
        concurrency,
        path: p.label,
        "calls/s": fmt(s.perSec, 0),
        "p50 ms": fmt(s.p50, 3),
        "p99 ms": fmt(s.p99, 3),
        "hop CPU ms/call": p.front ? fmt(s.frontCpu, 3) : "",
        "server CPU ms/call": fmt(s.serverCpu, 3),
        errors: s.errors,
      });
    });
    for (const i of [1, 2, 3]) {
      rows.push({
        concurrency,
        path: `${["", "node /mcp", "forwarder", "node /mcp/http"][i]} vs direct`,
        "calls/s": `${fmt((100 * summary[i].perSec) / summary[0].perSec, 0)}%`,
        "p50 ms": `+${fmt(summary[i].p50 - summary[0].p50, 3)}`,
        "p99 ms": "",
        "hop CPU ms/call": "",
        "server CPU ms/call": "",
        errors: "",
      });
    }
  }
  printTable(
    `bench/mcp (${ROUNDS} rounds of ${DURATION} ms per path, median round; targets at 16 concurrent: at most +1.5 ms p50 and at least 70% of direct throughput)`,
    rows,
  );
  console.log("In a closed loop with every process busy, p50 ≈ concurrency / throughput: a hop costing H ms of CPU per call on N shared cores adds about 16·H/N ms to p50 at 16 concurrent.");
  await Promise.all([direct.close(), viaNode.close(), viaForwarder.close(), viaPassthrough.close()]);
  await Promise.all([node.stop(), forwarder.stop()]);
  await echo.stop();
  rmSync(dir, { recursive: true, force: true });
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

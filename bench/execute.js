// bench/execute: (a) the SDK client calling server-everything's echo over stdio directly,
// (b) a bare node:http forwarder in front of the same kind of client (the floor for any HTTP
// front), (c) POST /execute on a running node with auth, validation and the record on,
// (d) mcp-hub's REST endpoint in front of the same server (bench/hub.js installs it). All four
// are measured in the same interleaved rounds by measure(), at 1 and 16 callers.
"use strict";
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { Pool } = require("undici");
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");
const { measure, fmt, fmtSpread, printTable, spawnServer, cpuMs, childrenCpuMs } = require("./lib");
const { startHub, HUB_VERSION } = require("./hub");

const EVERYTHING = join(__dirname, "../node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const TOKEN = "bench-token-0123456789abcdef0123";
// 7 rounds of 2000 calls: with 400 a round, the paths' JIT was not warm and a round lasted a few
// clock ticks of CPU, so builds that differ by a third in CPU per call could not be told apart
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);

async function connectEverything() {
  const client = new Client({ name: "bench", version: "1" });
  const transport = new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, "stdio"], stderr: "ignore" });
  await client.connect(transport);
  return { client, pid: transport.pid };
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
  const { client: direct, pid: directServer } = await connectEverything();
  // (b) and (c) each run in a process of their own, as deployed; the load comes from this one.
  const forwarder = await spawnServer([join(__dirname, "forwarder.js")]);
  const configPath = join(dir, "node.json");
  // the per-token rate limit is raised: the benchmark measures the node, not the limiter
  writeFileSync(configPath, JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], maxConcurrent: 64 } }, limits: { requestsPerMinute: 100_000_000 } }));
  const listening = await spawnServer(
    [join(__dirname, "../dist/cli.js"), "start", "--port", "0", "--config", configPath, "--db", join(dir, "bench.db"), "--log-level", "info"],
    { env: { ...process.env, MCP_FEDERATION_TOKEN: TOKEN } },
  );

  const hub = await startHub("everything", process.execPath, [EVERYTHING, "stdio"]);

  const a = () => direct.callTool({ name: "echo", arguments: { message: "hi" } });
  const b = poster(forwarder.url, "/execute", { mcp_name: "everything.echo", kwargs: { message: "hi" } });
  const c = poster(listening.url, "/execute", { mcp_name: "everything.echo", kwargs: { message: "hi" } }, { authorization: `Bearer ${TOKEN}` });
  const d = poster(hub.url, "/api/servers/tools", { server_name: "everything", tool: "echo", arguments: { message: "hi" } });
  // CPU per call of each process on a path: the load generator (this process), the HTTP front
  // (hop) and the stdio server behind it, to see which one bounds the throughput
  const client = () => cpuMs(process.pid);
  const cases = [
    { name: "(a) SDK direct", fn: a, cpu: { client, server: () => cpuMs(directServer) } },
    { name: "(b) node:http forwarder", fn: b.fn, cpu: { client, hop: () => cpuMs(forwarder.pid), server: () => childrenCpuMs(forwarder.pid) } },
    { name: "(c) mcpfed /execute", fn: c.fn, cpu: { client, hop: () => cpuMs(listening.pid), server: () => childrenCpuMs(listening.pid) } },
    { name: `(d) mcp-hub ${HUB_VERSION} REST`, fn: d.fn, cpu: { client, hop: () => cpuMs(hub.pid), server: () => childrenCpuMs(hub.pid) } },
  ];

  const rows = [];
  for (const concurrency of [1, 16]) {
    const results = await measure(cases, { rounds: ROUNDS, calls: CALLS, concurrency });
    for (const r of results) {
      const cpu = r.cpuMsPerCall;
      rows.push({
        concurrency,
        path: r.name,
        "calls/s median [min–max]": fmtSpread(r.perSec, 0),
        "p50 ms": fmtSpread(r.p50, 2),
        "p99 ms": fmtSpread(r.p99, 2),
        "CPU ms/call client/hop/server": `${fmt(cpu.client, 3)}/${cpu.hop === undefined ? "-" : fmt(cpu.hop, 3)}/${fmt(cpu.server, 3)}`,
        ok: r.ok,
        failed: r.failed,
      });
    }
    const [ra, rb, rc, rd] = results.map((r) => r.perSec.median);
    rows.push({
      concurrency,
      path: "ratios (calls/s)",
      "calls/s median [min–max]": `c/b ${fmt(rc / rb)}  c/d ${fmt(rc / rd)}  c/a ${fmt(rc / ra)}`,
      "p50 ms": "",
      "p99 ms": "",
      "CPU ms/call client/hop/server": "",
      ok: "",
      failed: "",
    });
  }
  const load = require("node:os").loadavg().map((x) => x.toFixed(2)).join(" ");
  printTable(`bench/execute (${ROUNDS} rounds x ${CALLS} calls per path; targets: c/b >= 0.6, c/d >= 1.5; load average ${load})`, rows);

  await d.close();
  await hub.stop();
  await b.close();
  await c.close();
  await forwarder.stop();
  await direct.close();
  await listening.stop();
  rmSync(dir, { recursive: true, force: true });
}

module.exports = { main };
if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });

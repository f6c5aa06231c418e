// bench/execute-ab: the node's own CPU per POST /execute call, for several builds side by side
// with the bare forwarder, in rotating rounds (each build a node process of its own, each
// round a fixed number of calls), at 1 and 16 callers. For comparing builds: copy a build's
// dist/ aside (`cp -r dist .cache/dist-before`), change and build, then
// `node bench/execute-ab.js .cache/dist-before dist`. AB_ROUNDS (default 9) and AB_CALLS
// (default 3000: enough for the node's code to be optimised, and many clock ticks of CPU).
"use strict";
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { tmpdir, loadavg } = require("node:os");
const { Pool } = require("undici");
const { spawnServer, cpuMs, median } = require("./lib");

const EVERYTHING = join(__dirname, "../node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const TOKEN = "bench-token-0123456789abcdef0123";
const ROUNDS = Number(process.env.AB_ROUNDS ?? 9);
const CALLS = Number(process.env.AB_CALLS ?? 3000);

async function main() {
  const builds = process.argv.slice(2).map((d) => resolve(d));
  if (builds.length === 0) throw new Error("usage: node bench/execute-ab.js <dist> [<dist> ...]");
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-ab-"));
  const configPath = join(dir, "node.json");
  writeFileSync(configPath, JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], maxConcurrent: 64 } }, limits: { requestsPerMinute: 100_000_000 } }));
  const paths = [{ name: "forwarder", server: await spawnServer([join(__dirname, "forwarder.js")]), headers: {} }];
  for (const [i, build] of builds.entries()) {
    const args = [join(build, "cli.js"), "start", "--port", "0", "--config", configPath, "--db", join(dir, `ab${i}.db`), "--log-level", "info"];
    paths.push({ name: build, server: await spawnServer(args, { env: { ...process.env, MCP_FEDERATION_TOKEN: TOKEN } }), headers: { authorization: `Bearer ${TOKEN}` } });
  }
  const body = JSON.stringify({ mcp_name: "everything.echo", kwargs: { message: "hi" } });
  try {
    for (const p of paths) {
      p.pool = new Pool(p.server.url, { connections: 32 });
      p.call = async () => {
        const res = await p.pool.request({ path: "/execute", method: "POST", body, headers: { "content-type": "application/json", ...p.headers } });
        await res.body.text();
        if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
      };
      for (let i = 0; i < 300; i++) await p.call();
    }
    console.log(`bench/execute-ab (${ROUNDS} rounds x ${CALLS} calls per path; node CPU per call from /proc)`);
    for (const concurrency of [1, 16]) {
      const seen = new Map(paths.map((p) => [p.name, { cpu: [], perSec: [] }]));
      for (let round = 0; round < ROUNDS; round++) {
        // every other round in reverse order, so no path always follows the same one
        for (const p of round % 2 ? [...paths].reverse() : paths) {
          let left = CALLS;
          const cpu0 = cpuMs(p.server.pid);
          const t0 = process.hrtime.bigint();
          await Promise.all(Array.from({ length: concurrency }, async () => { while (left-- > 0) await p.call(); }));
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          seen.get(p.name).cpu.push((cpuMs(p.server.pid) - cpu0) / CALLS);
          seen.get(p.name).perSec.push((CALLS / ms) * 1000);
        }
      }
      const floor = median(seen.get("forwarder").cpu);
      for (const [name, s] of seen) {
        const cpu = median(s.cpu);
        console.log(`${String(concurrency).padStart(2)} callers  ${name.padEnd(48)} CPU ms/call ${cpu.toFixed(3)} [${Math.min(...s.cpu).toFixed(3)}–${Math.max(...s.cpu).toFixed(3)}]  x forwarder ${(cpu / floor).toFixed(2)}  calls/s ${median(s.perSec).toFixed(0)}`);
      }
    }
    console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  } finally {
    for (const p of paths) {
      await p.pool?.close();
      await p.server.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

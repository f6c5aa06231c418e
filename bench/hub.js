// The third-party comparison for bench/execute: mcp-hub (npm), installed once at bench set-up
// into .cache/bench (outside the project's dependencies; the npm registry is the only network
// use, and only when the pinned version is not there yet), started with the same stdio server,
// called through its REST endpoint POST /api/servers/tools.
"use strict";
const { execFileSync, spawn } = require("node:child_process");
const { existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } = require("node:fs");
const { createServer } = require("node:net");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const HUB_VERSION = "4.2.1";
const CACHE = join(__dirname, "../.cache/bench");
const HUB_CLI = join(CACHE, "node_modules/mcp-hub/dist/cli.js");

/** Installs the pinned mcp-hub into .cache/bench unless it is there; returns its CLI path. */
function ensureHub() {
  const pkg = join(CACHE, "node_modules/mcp-hub/package.json");
  if (existsSync(pkg) && require(pkg).version === HUB_VERSION) return HUB_CLI;
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(join(CACHE, "package.json"))) writeFileSync(join(CACHE, "package.json"), '{ "private": true }\n');
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", `mcp-hub@${HUB_VERSION}`], { cwd: CACHE, stdio: "ignore", timeout: 180_000 });
  return HUB_CLI;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts mcp-hub on a free loopback port with one stdio server `name` (command, args) and
 * resolves once it reports that server connected. Its state files go to a temporary HOME.
 */
async function startHub(name, command, args) {
  const cli = ensureHub();
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-hub-"));
  const config = join(dir, "hub.json");
  writeFileSync(config, JSON.stringify({ mcpServers: { [name]: { command, args } } }));
  const port = await freePort();
  const child = spawn(process.execPath, [cli, "--port", String(port), "--config", config], {
    env: { ...process.env, HOME: dir, XDG_STATE_HOME: dir, XDG_CONFIG_HOME: dir },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once("exit", r);
    child.kill("SIGTERM");
  }).then(() => rmSync(dir, { recursive: true, force: true }));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      const body = await res.json();
      if (body.servers?.some((s) => s.name === name && s.status === "connected")) return { url, pid: child.pid, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error("mcp-hub did not connect its server within 30 s");
}

module.exports = { startHub, HUB_VERSION };

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Finding } from "../findings";
import { plantHoneypot } from "./honeypot";
import { findLaunch } from "./launch";
import { judgeObservations, type SinkEvent } from "./observe";
import { sampleArguments } from "./sample-args";

/** governance.sandbox: whether submissions are run before publication, and how tightly. */
export interface SandboxOptions {
  enabled: boolean;
  /** reject when the sandbox cannot run (instead of a "not-run" note) */
  required: boolean;
  /** the whole run: start, listing and every tool call */
  timeoutMs: number;
  /** data-segment limit of the server process (RLIMIT_DATA: address-space limits break WebAssembly, which undici uses) */
  memoryMb: number;
}

export type SandboxOutcome = { ran: true; findings: Finding[]; detail: string } | { ran: false; reason: string };

const MAX_TOOLS = 25;

const INNER = `set -e
ip link set lo up
mount --bind "$MCPFED_SB_RESOLV" /etc/resolv.conf
# the host file system becomes read-only; only the sandbox's own directory stays writable
mount --bind "$MCPFED_SB_WORK" "$MCPFED_SB_WORK"
for m in $(awk '{print $2}' /proc/self/mounts | sort -u); do
  case "$m" in /proc*|/dev*|/sys*|"$MCPFED_SB_WORK") continue;; esac
  mount -o remount,bind,ro "$m" 2>/dev/null || true
done
"$MCPFED_SB_NODE" "$MCPFED_SB_SINK" "$MCPFED_SB_EVENTS" >/dev/null 2>&1 &
i=0
while [ $i -lt 100 ] && ! grep -q ready "$MCPFED_SB_EVENTS" 2>/dev/null; do sleep 0.05; i=$((i+1)); done
cd "$MCPFED_SB_APP"
exec strace -f -qq -s 256 -o "$MCPFED_SB_TRACE" -e trace=execve,connect,openat,open -- "$@"
`;

/** Whether this machine can build the sandbox: namespaces, strace, ip and the built sink. */
export function sandboxAvailable(): string | undefined {
  for (const [cmd, args] of [["unshare", ["-rn", "-m", "-p", "-f", "true"]], ["strace", ["-V"]], ["ip", ["-V"]]] as const) {
    const r = spawnSync(cmd, [...args], { stdio: "ignore", timeout: 5000 });
    if (r.error || r.status !== 0) return `${cmd} is not usable here (${r.error?.message ?? `exit ${r.status}`})`;
  }
  if (!sinkPath()) return "the sandbox sink is not built (npm run build)";
  return undefined;
}

function sinkPath(): string | undefined {
  return [join(__dirname, "sink-server.js"), resolve(__dirname, "../../../dist/governance/sandbox/sink-server.js"), resolve(__dirname, "../../dist/governance/sandbox/sink-server.js")].find((p) => existsSync(p));
}

/** The node's own node_modules: submitted Node servers run against its MCP SDK. */
function ownNodeModules(): string {
  const entry = require.resolve("@modelcontextprotocol/sdk/server/mcp.js");
  return entry.slice(0, entry.lastIndexOf("/node_modules/") + "/node_modules".length);
}

/**
 * Detonation: runs the submitted stdio server in its own user, network, mount and PID
 * namespaces (host file system read-only) with only a recording DNS/HTTP sink on loopback, a throwaway home holding
 * planted credentials and canary environment variables, under strace; calls every tool with
 * arguments generated from its schema; then judges what it did.
 */
export async function detonate(sourceDir: string, options: SandboxOptions): Promise<SandboxOutcome> {
  const unavailable = sandboxAvailable();
  if (unavailable) return { ran: false, reason: unavailable };
  const launch = findLaunch(sourceDir);
  if ("reason" in launch) return { ran: false, reason: launch.reason };
  const work = mkdtempSync(join(tmpdir(), "mcpfed-sandbox-"));
  const app = join(work, "app");
  try {
    cpSync(sourceDir, app, { recursive: true, filter: (src) => !/(^|\/)\.git(\/|$)/.test(src.slice(sourceDir.length)) });
    if (launch.runtime === "node" && !existsSync(join(app, "node_modules"))) symlinkSync(ownNodeModules(), join(app, "node_modules"));
    const honeypot = plantHoneypot(work);
    const paths = { inner: join(work, "inner.sh"), resolv: join(work, "resolv.conf"), events: join(work, "events.jsonl"), trace: join(work, "trace.log") };
    writeFileSync(paths.inner, INNER);
    writeFileSync(paths.resolv, "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
    writeFileSync(paths.events, "");
    mkdirSync(join(work, "tmp"));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: honeypot.home,
      USER: "mcp",
      ...honeypot.env,
      MCPFED_SB_RESOLV: paths.resolv,
      MCPFED_SB_NODE: process.execPath,
      MCPFED_SB_SINK: sinkPath()!,
      MCPFED_SB_EVENTS: paths.events,
      MCPFED_SB_TRACE: paths.trace,
      MCPFED_SB_APP: app,
      MCPFED_SB_WORK: work,
      TMPDIR: join(work, "tmp"),
    };
    const transport = new StdioClientTransport({
      command: "prlimit",
      args: [`--data=${options.memoryMb * 1024 * 1024}`, "--fsize=104857600", "--nofile=512", "--", "unshare", "-rn", "-m", "-p", "-f", "--kill-child", "--propagation", "private", "--", "sh", paths.inner, launch.command, ...launch.args],
      env,
      cwd: app,
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-4000)));
    const client = new Client({ name: "mcpfed-sandbox", version: "1.0.0" });
    const deadline = Date.now() + options.timeoutMs;
    const left = () => Math.max(1000, deadline - Date.now());
    let called = 0;
    let tools = 0;
    const killer = setTimeout(() => void transport.close(), options.timeoutMs + 2000);
    try {
      await client.connect(transport, { timeout: Math.min(left(), 15_000) });
      const listed = await client.listTools(undefined, { timeout: Math.min(left(), 10_000) });
      tools = listed.tools.length;
      for (const tool of listed.tools.slice(0, MAX_TOOLS)) {
        if (Date.now() > deadline) break;
        try {
          await client.callTool({ name: tool.name, arguments: sampleArguments(tool.inputSchema) as Record<string, unknown> }, undefined, { timeout: Math.min(left(), 5000) });
        } catch {
          // a tool that fails or times out on sample input still ran its code
        }
        called++;
      }
      // give fire-and-forget work (a POST after the answer) a moment to happen
      await new Promise((r) => setTimeout(r, 500));
    } catch (err) {
      if (tools === 0) return { ran: false, reason: `the server did not start or list its tools: ${(err as Error).message}${stderr ? ` (stderr: ${stderr.trim().split("\n").filter((l) => /Error|error:/.test(l)).slice(0, 2).join(" | ").slice(0, 300) || stderr.trim().slice(-200)})` : ""}` };
    } finally {
      clearTimeout(killer);
      await client.close().catch(() => undefined);
    }
    if (process.env.MCPFED_SANDBOX_DEBUG) process.stderr.write(readFileSync(paths.events, "utf8"));
    const events = readFileSync(paths.events, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as SinkEvent);
    const trace = existsSync(paths.trace) ? readFileSync(paths.trace, "utf8") : "";
    const findings = judgeObservations(trace, events, honeypot);
    const dns = events.filter((e) => e.kind === "dns").length;
    return { ran: true, findings, detail: `${launch.runtime} server, ${called}/${tools} tools called, ${dns} DNS queries, ${events.filter((e) => e.kind === "tcp").length} connections recorded` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

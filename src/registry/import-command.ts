import type { Command } from "commander";
import { importServers, readUpstream, type ImportReport, type SubmitOutcome, type UpstreamServer } from "./upstream-import";

/** A governance run can take minutes (a clone, a sandbox); past this the submission is reported as failed. */
const SUBMIT_TIMEOUT_MS = 10 * 60_000;

/** POSTs a server.json to a node's /register with a bearer token. */
function submitOverHttp(node: string, token: string | undefined): (server: UpstreamServer) => Promise<SubmitOutcome> {
  return async (server) => {
    const res = await fetch(`${node.replace(/\/+$/, "")}/register`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(server),
      signal: AbortSignal.timeout(SUBMIT_TIMEOUT_MS),
      redirect: "error",
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text.slice(0, 4 * 1024 * 1024));
    } catch {
      body = { detail: text.slice(0, 500) };
    }
    return { status: res.status, body };
  };
}

/** The report as lines a person reads. */
export function formatReport(report: ImportReport): string[] {
  return [
    `published ${report.published.length}, rejected ${report.rejected.length}, skipped ${report.skipped.length}`,
    ...report.published.map((p) => `  published ${p.name}@${p.version}`),
    ...report.rejected.map((r) => `  rejected  ${r.name}@${r.version}: ${r.reasons.join("; ")}`),
    ...report.skipped.map((s) => `  skipped   ${s.name}@${s.version}: ${s.reason}`),
  ];
}

/** `mcpfed registry import <url|file>`: every server of an upstream registry through a node's governance. */
export function registerRegistryCommands(program: Command): void {
  const registry = program.command("registry").description("the official MCP registry format");
  registry
    .command("import <source>")
    .description("submit every server of a registry API (URL) or a file of server.json documents to a node's /register")
    .option("--node <url>", "the node's base URL", "http://127.0.0.1:8000")
    .option("--token <token>", "a token with the register scope (or MCP_FEDERATION_TOKEN)")
    .option("--json", "print the report as JSON")
    .action(async (source: string, opts: { node: string; token?: string; json?: boolean }) => {
      const entries = await readUpstream(source);
      const report = await importServers(entries, submitOverHttp(opts.node, opts.token ?? process.env.MCP_FEDERATION_TOKEN));
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report).join("\n")}\n`);
    });
}

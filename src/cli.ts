#!/usr/bin/env node
import { Command, InvalidArgumentError } from "commander";
import { createTokenInFile } from "./auth/tokens-file";
import { SCOPES, type Scope } from "./config/config-schema";
import { ConfigError, loadConfig, type ConfigFlags } from "./config/load-config";
import { createNode } from "./node/create-node";
import { startTracing } from "./tracing/tracing-setup";
import { rankCommand } from "./rank-command";
import { scanCommand } from "./scan-command";
import { runStdioBridge } from "./bridge/stdio-bridge";
import { registerTrustCommands } from "./trust/trust-cli";
import { registerRegistryCommands } from "./registry/import-command";

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError("a port is 0-65535");
  return port;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseScopes(value: string): Scope[] {
  const scopes = value.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0 || scopes.length === 0) {
    throw new InvalidArgumentError(`scopes are a comma-separated list of: ${SCOPES.join(", ")}`);
  }
  return scopes as Scope[];
}

interface StartOptions {
  host?: string;
  port?: number;
  name?: string;
  db?: string;
  config?: string;
  peer: string[];
  token?: string;
  tokensFile?: string;
  logLevel?: string;
}

async function start(opts: StartOptions): Promise<void> {
  const flags: ConfigFlags = {
    config: opts.config,
    host: opts.host,
    port: opts.port,
    name: opts.name,
    db: opts.db,
    peers: opts.peer,
    token: opts.token,
    tokensFile: opts.tokensFile,
    logLevel: opts.logLevel,
  };
  // before the node is built: its request path checks once whether a tracer is registered
  const tracing = await startTracing(process.env, (message) => process.stderr.write(`mcpfed: ${message}\n`));
  let node;
  try {
    node = await createNode(loadConfig(flags), { reloadConfig: () => loadConfig(flags) });
    if (tracing.enabled) node.logger.info("tracing: exporting spans over OTLP/HTTP (OTEL_* environment)");
  } catch (err) {
    process.stderr.write(`mcpfed: ${(err as Error).message}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  const stop = (signal: string) => {
    node.logger.info({ signal }, "shutting down");
    node.stop().then(
      () => tracing.shutdown().then(() => process.exit(0)),
      (err: unknown) => {
        node.logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  process.on("SIGHUP", () => {
    node.reload("signal:SIGHUP").catch((err: unknown) => node.logger.error({ err: (err as Error).message }, "reload failed"));
  });
  try {
    const http = await node.listen();
    // the ready line is part of the CLI's contract: printed even when the log level hides info
    if (!node.logger.isLevelEnabled("info")) process.stderr.write(`mcpfed: listening on ${http.url}\n`);
  } catch (err) {
    node.logger.fatal({ err: (err as Error).message }, "could not start");
    await node.stop().catch(() => undefined);
    process.exit(1);
  }
}

export function buildCli(): Command {
  const program = new Command("mcpfed").description("Federation node for MCP servers").showHelpAfterError();
  program
    .command("start")
    .description("start a node")
    .option("--host <host>", "address to bind (default 127.0.0.1)")
    .option("--port <port>", "port to bind, 0 for any free port (default 8000)", parsePort)
    .option("--name <name>", "this node's name")
    .option("--db <path|url>", "SQLite database file (default ./data/mcpfed.db) or postgres:// URL (replicas share one)")
    .option("--config <file>", "JSON config file")
    .option("--peer <url>", "a partner node's base URL (repeatable)", collect, [])
    .option("--token <token>", "shared token with every scope (prefer MCP_FEDERATION_TOKEN)")
    .option("--tokens-file <file>", "hashed tokens written by `mcpfed token create`")
    .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent")
    .action(start);

  const token = program.command("token").description("manage access tokens");
  token
    .command("create")
    .description("create a token, store its hash, print the token once on the last line")
    .requiredOption("--id <org>", "who the token is for (a partner organization)")
    .requiredOption("--scopes <list>", `comma-separated: ${SCOPES.join(",")}`, parseScopes)
    .option("--tokens-file <file>", "file to add the hash to", "./data/tokens.json")
    .action((opts: { id: string; scopes: Scope[]; tokensFile: string }) => {
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(opts.id)) {
        process.stderr.write("mcpfed: --id is 1-64 of A-Z a-z 0-9 . _ -\n");
        process.exit(2);
      }
      const created = createTokenInFile(opts.tokensFile, opts.id, opts.scopes);
      process.stderr.write(`token for ${opts.id} (${opts.scopes.join(",")}) added to ${opts.tokensFile}; it is shown only once:\n`);
      process.stdout.write(`${created}\n`);
    });
  registerTrustCommands(program, token, parseScopes);
  registerRegistryCommands(program);
  program
    .command("scan <target>")
    .description("run the governance pipeline over a local tree or a git URL; exit 1 on rejection")
    .option("--format <format>", "text, json or sarif", (v: string) => {
      if (!["text", "json", "sarif"].includes(v)) throw new InvalidArgumentError("text, json or sarif");
      return v;
    }, "text")
    .option("--fail-on <severity>", "lowest severity that rejects: low, medium, high, critical", (v: string) => {
      if (!["low", "medium", "high", "critical"].includes(v)) throw new InvalidArgumentError("low, medium, high or critical");
      return v;
    }, "high")
    .option("--semgrep <bin>", "semgrep binary", "semgrep")
    .option("--require-semgrep", "reject when semgrep cannot run")
    .option("--sandbox", "also run the server in the detonation sandbox (Linux: unshare, strace, ip)")
    .action(async (target: string, opts: { format: "text" | "json" | "sarif"; failOn: "high"; semgrep: string; requireSemgrep?: boolean; sandbox?: boolean }) => {
      process.exitCode = await scanCommand(
        target,
        { format: opts.format, failOn: opts.failOn, semgrepBin: opts.semgrep, semgrepRequired: opts.requireSemgrep === true, sandbox: opts.sandbox === true },
        (s) => process.stdout.write(`${s}\n`),
      );
    });
  program
    .command("connect <node-url>")
    .description("run a stdio MCP server that proxies to a node's /mcp (for clients that launch commands)")
    .option("--token <token>", "bearer token for the node (or MCP_FEDERATION_TOKEN)")
    .action(async (url: string, opts: { token?: string }) => {
      const config = loadConfig({ token: opts.token });
      try {
        await runStdioBridge({ url, token: config.sharedToken });
      } catch (err) {
        process.stderr.write(`mcpfed connect: ${(err as Error).message}\n`);
        process.exit(1);
      }
    });
  program
    .command("rank")
    .description("pull partner catalogs and print the Pareto ranking")
    .option("--peer <url>", "a partner node's base URL (repeatable)", collect, [])
    .option("--token <token>", "token for the peers (prefer MCP_FEDERATION_TOKEN)")
    .option("--query <text>", "rank the tools that match this text")
    .option("--limit <n>", "how many tools to print", (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("a positive whole number");
      return n;
    }, 20)
    .option("--json", "print JSON instead of a table")
    .action(async (opts: { peer: string[]; token?: string; query?: string; limit: number; json?: boolean }) => {
      const config = loadConfig({ peers: opts.peer, token: opts.token });
      process.exitCode = await rankCommand(config.peers, opts, (line) => process.stdout.write(`${line}\n`));
    });
  return program;
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      process.stderr.write(`mcpfed: ${(err as Error).message}\n`);
      process.exit(1);
    });
}

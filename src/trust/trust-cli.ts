import type { Command } from "commander";
import type { Scope } from "../config/config-schema";
import { ConfigError, loadConfig } from "../config/load-config";
import { issueToken, rotateKey } from "./trust-commands";

function fail(err: unknown): never {
  process.stderr.write(`mcpfed: ${(err as Error).message}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}

/** `mcpfed key rotate` and `mcpfed token issue`, added to the CLI. */
export function registerTrustCommands(program: Command, token: Command, parseScopes: (v: string) => Scope[]): void {
  const key = program.command("key").description("manage the node's signing key");
  key
    .command("rotate")
    .description("make a new node key; the old one stays published for identity.rotationGrace")
    .option("--db <path>", "SQLite database file (default ./data/mcpfed.db)")
    .option("--config <file>", "JSON config file")
    .action(async (opts: { db?: string; config?: string }) => {
      try {
        const result = await rotateKey(loadConfig({ config: opts.config, db: opts.db }));
        const days = (result.graceMs / 86_400_000).toFixed(2).replace(/\.?0+$/, "");
        process.stderr.write(result.previous ? `previous key ${result.previous} stays valid for ${days} day(s)\n` : "");
        process.stdout.write(`${result.kid}\n`);
      } catch (err) {
        fail(err);
      }
    });
  token
    .command("issue")
    .description("print a signed JWT (HS256 with auth.jwt.secret, else EdDSA with the node key)")
    .requiredOption("--id <id>", "the token's subject (a person or a service)")
    .requiredOption("--scopes <list>", "comma-separated scopes", parseScopes)
    .option("--ttl <duration>", "lifetime, at most 30d", "1h")
    .option("--audience <url>", "the node's public URL (default identity.url or http://host:port)")
    .option("--db <path>", "SQLite database file (default ./data/mcpfed.db)")
    .option("--config <file>", "JSON config file")
    .action(async (opts: { id: string; scopes: Scope[]; ttl: string; audience?: string; db?: string; config?: string }) => {
      if (!/^[A-Za-z0-9._@:|/+-]{1,200}$/.test(opts.id)) fail(new Error("--id is 1-200 of A-Z a-z 0-9 . _ @ : | / + -"));
      try {
        const config = loadConfig({ config: opts.config, db: opts.db });
        const issued = await issueToken(config, opts);
        process.stderr.write(`${issued.alg} token for ${opts.id} (${opts.scopes.join(",")}), expires ${issued.expiresAt.toISOString()}:\n`);
        process.stdout.write(`${issued.token}\n`);
      } catch (err) {
        fail(err);
      }
    });
}

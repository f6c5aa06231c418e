import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { ROOT } from "./test-node";

/**
 * A real PostgreSQL for tests: `MCPFED_TEST_PG_URL` when set (CI starts one cluster for the whole
 * run), otherwise a throwaway cluster started by scripts/pg-test-server.sh for one test file.
 * Without either, PostgreSQL suites skip locally but FAIL in CI (`CI=true`).
 */
export type PostgresAvailability = "url" | "local" | "missing";

export function postgresAvailability(): PostgresAvailability {
  if (process.env.MCPFED_TEST_PG_URL) return "url";
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, "initdb"))) return "local";
  const base = "/usr/lib/postgresql";
  if (existsSync(base) && readdirSync(base).some((v) => existsSync(join(base, v, "bin/initdb")))) return "local";
  return "missing";
}

export const postgresRequired = () => process.env.CI === "true";

/** A cluster (or the CI one) in which each test gets databases of its own. */
export class TestPostgres {
  private readonly databases: string[] = [];

  private constructor(
    private readonly baseUrl: string,
    private readonly dir: string | undefined,
  ) {}

  static start(): TestPostgres {
    const url = process.env.MCPFED_TEST_PG_URL;
    if (url) return new TestPostgres(url, undefined);
    const out = execFileSync(join(ROOT, "scripts/pg-test-server.sh"), ["start"], { encoding: "utf8", timeout: 60_000 });
    const value = (key: string) => out.match(new RegExp(`^${key}=(.+)$`, "m"))?.[1];
    const started = value("MCPFED_TEST_PG_URL");
    if (!started) throw new Error(`pg-test-server.sh printed no URL:\n${out}`);
    return new TestPostgres(started, value("MCPFED_TEST_PG_DIR"));
  }

  /** A fresh, empty database; returns its URL. */
  async createDatabase(): Promise<string> {
    const name = `mcpfed_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    await this.admin(`CREATE DATABASE ${name}`);
    this.databases.push(name);
    const u = new URL(this.baseUrl);
    u.pathname = `/${name}`;
    return u.toString();
  }

  /** Drops the databases made here, and stops the cluster if this file started it. */
  async stop(): Promise<void> {
    if (this.dir) {
      execFileSync(join(ROOT, "scripts/pg-test-server.sh"), ["stop", this.dir], { timeout: 60_000 });
      return;
    }
    for (const name of this.databases.splice(0)) await this.admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  }

  private async admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.baseUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

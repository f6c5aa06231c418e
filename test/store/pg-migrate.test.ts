import pg from "pg";
import { createStores, parseDatabaseTarget } from "../../src/store/create-stores";
import { migratePostgres } from "../../src/store/postgres/pg-migrate";
import { PG_MIGRATIONS } from "../../src/store/postgres/pg-migrations";
import { describePostgres } from "./contract/adapters";

const pool = (url: string) => new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5_000 });

describePostgres("PostgreSQL migrations", ({ server }) => {
  test("when 4 replicas migrate one fresh database at once, then each migration runs once and every replica sees the full schema", async () => {
    const url = await server().createDatabase();
    const pools = Array.from({ length: 4 }, () => pool(url));
    try {
      const results = await Promise.all(pools.map((p) => migratePostgres(p)));
      expect(results.filter((r) => r.from === 0)).toHaveLength(1);
      expect(results.every((r) => r.to === PG_MIGRATIONS.length)).toBe(true);
      const { rows } = await pools[0].query<{ version: number }>("SELECT version FROM mcpfed_migrations ORDER BY version");
      expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
      // no replica left the lock behind (pg_locks spans the cluster: other tests' databases hold their own locks)
      const locks = await pools[0].query("SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()");
      expect(locks.rowCount).toBe(0);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  test("when the database's schema is newer than this build, then start-up refuses it and changes nothing", async () => {
    const url = await server().createDatabase();
    const p = pool(url);
    try {
      await migratePostgres(p);
      await p.query("INSERT INTO mcpfed_migrations (version) VALUES ($1)", [PG_MIGRATIONS.length + 1]);
      await expect(createStores(url)).rejects.toThrow(/newer than this mcpfed/);
      const { rows } = await p.query<{ n: number }>("SELECT count(*)::int AS n FROM mcpfed_migrations");
      expect(rows[0].n).toBe(PG_MIGRATIONS.length + 1);
    } finally {
      await p.end();
    }
  });

  test("when a migration fails, then it is rolled back whole and not recorded", async () => {
    const url = await server().createDatabase();
    const p = pool(url);
    try {
      await expect(migratePostgres(p, ["CREATE TABLE a (x int); CREATE TABLE b (y nosuchtype);"])).rejects.toThrow(/nosuchtype/);
      const { rows } = await p.query("SELECT to_regclass('a') AS a, (SELECT count(*)::int FROM mcpfed_migrations) AS n");
      expect(rows[0]).toEqual({ a: null, n: 0 });
    } finally {
      await p.end();
    }
  });
});

describe("database selection", () => {
  test.each([
    ["postgres://u@h/db", "postgres"],
    ["postgresql://u@h:5433/db?sslmode=require", "postgres"],
    ["POSTGRES://u@h/db", "postgres"],
    ["./data/mcpfed.db", "sqlite"],
    [":memory:", "sqlite"],
    ["postgres.db", "sqlite"],
    ["memory:", "memory"],
  ])("when the db setting is %s, then the %s adapter is selected", (db, kind) => {
    expect(parseDatabaseTarget(db).kind).toBe(kind);
  });

  test("when PostgreSQL cannot be reached, then opening the stores fails within the connection timeout with a clear error", async () => {
    const started = Date.now();
    await expect(createStores("postgres://mcpfed@127.0.0.1:1/none", { postgres: { connectionTimeoutMs: 1_000 } })).rejects.toThrow(/ECONNREFUSED|connect/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("when the db setting is a SQLite path or memory:, then createStores opens that adapter", async () => {
    const sqlite = await createStores(":memory:");
    const memory = await createStores("memory:");
    expect([sqlite.kind, memory.kind]).toEqual(["sqlite", "memory"]);
    await Promise.all([sqlite.close(), memory.close()]);
  });
});

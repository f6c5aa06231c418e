import type { Pool } from "pg";
import { PG_MIGRATIONS } from "./pg-migrations";

/** The advisory lock key (any constant shared by every mcpfed replica): "mcpfed" in ASCII. */
export const MIGRATION_LOCK_KEY = 0x6d63706665640n.toString();

export interface MigrateResult {
  /** The schema version before and after. */
  from: number;
  to: number;
}

/**
 * Brings the schema up to date. Replicas starting together serialize on a session advisory
 * lock: the first applies the migrations, each one in its own transaction, and the others wait,
 * then find nothing left to do. A database newer than this build is refused, not touched.
 */
export async function migratePostgres(pool: Pool, migrations: readonly string[] = PG_MIGRATIONS, lockTimeoutMs = 60_000): Promise<MigrateResult> {
  const client = await pool.connect();
  let failed: unknown;
  try {
    // bounds the wait for the lock (a replica stuck mid-migration) and the migrations themselves
    await client.query(`SET statement_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
    await client.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query("CREATE TABLE IF NOT EXISTS mcpfed_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
      const { rows } = await client.query<{ v: number }>("SELECT coalesce(max(version), 0)::int AS v FROM mcpfed_migrations");
      const from = rows[0].v;
      if (from > migrations.length) throw new Error(`database schema version ${from} is newer than this mcpfed (${migrations.length})`);
      for (let v = from; v < migrations.length; v++) {
        await client.query("BEGIN");
        try {
          await client.query(migrations[v]);
          await client.query("INSERT INTO mcpfed_migrations (version) VALUES ($1)", [v + 1]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK");
          throw err;
        }
      }
      return { from, to: migrations.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]);
      await client.query("RESET statement_timeout");
    }
  } catch (err) {
    failed = err;
    throw err;
  } finally {
    // a connection that failed may still hold the session lock: destroy it rather than pool it
    client.release(failed instanceof Error ? failed : undefined);
  }
}

import pg, { type Pool, type PoolClient } from "pg";
import { z } from "zod";

/** Connection settings of the PostgreSQL adapter; every wait is bounded. */
export const PostgresOptionsSchema = z
  .object({
    url: z.string().regex(/^postgres(ql)?:\/\//i, "a postgres:// or postgresql:// URL"),
    /** Connections per replica. */
    max: z.number().int().min(1).max(200).default(10),
    /** How long to wait for a connection (from the pool or the server). */
    connectionTimeoutMs: z.number().int().positive().default(5_000),
    idleTimeoutMs: z.number().int().positive().default(30_000),
    /** Server-side limit of one statement. */
    statementTimeoutMs: z.number().int().positive().default(10_000),
    /** Client-side limit of one query, a little above the statement timeout (a lost server). */
    queryTimeoutMs: z.number().int().positive().default(15_000),
    /** How long start-up may wait for another replica's migrations. */
    migrationTimeoutMs: z.number().int().positive().default(60_000),
    applicationName: z.string().max(63).default("mcpfed"),
  })
  .strict();
export type PostgresOptions = z.input<typeof PostgresOptionsSchema>;
export type ResolvedPostgresOptions = z.output<typeof PostgresOptionsSchema>;

const INT8_OID = 20;

/** BIGINT columns hold epoch milliseconds and counts, all below 2^53: read them as numbers. */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A pool with timeouts everywhere. Errors of idle connections (a restarted server) go to
 * `onError` instead of crashing the process; the pool replaces the connection on next use.
 */
export function createPgPool(options: ResolvedPostgresOptions, onError: (err: Error) => void): Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMs,
    idleTimeoutMillis: options.idleTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.queryTimeoutMs,
    application_name: options.applicationName,
    types,
  });
  pool.on("error", onError);
  return pool;
}

/** Runs `fn` in one transaction on one connection; rolls back and rethrows on failure. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // a checked-out client has no pool listener: a connection the server ends between two
  // statements (a restart, a dropped database) would otherwise be an unhandled 'error'
  const onError = (err: Error) => (broken ??= err);
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch((e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw err;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

/** The URL without its password, for logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparsable)";
  }
}

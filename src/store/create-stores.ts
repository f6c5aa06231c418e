import type { Stores } from "./ports";
import { createMemoryStores } from "./memory/memory-stores";
import { createPostgresStores } from "./postgres/pg-stores";
import type { PostgresOptions } from "./postgres/pg-pool";

export { redactDatabaseUrl } from "./postgres/pg-pool";
import { createSqliteStores } from "./sqlite/sqlite-stores";

/** Which adapter a `--db` / `node.db` / `DATABASE_URL` value selects. */
export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "sqlite"; path: string } | { kind: "memory" };

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * `postgres://` or `postgresql://` → PostgreSQL; `memory:` → the in-memory fakes (tests);
 * anything else is a SQLite file path (`:memory:` included: SQLite's own in-memory database).
 */
export function parseDatabaseTarget(db: string): DatabaseTarget {
  if (POSTGRES_URL.test(db)) return { kind: "postgres", url: db };
  if (db === "memory:") return { kind: "memory" };
  return { kind: "sqlite", path: db };
}

export interface CreateStoresOptions {
  /** PostgreSQL settings other than the URL (pool size, timeouts). */
  postgres?: Omit<PostgresOptions, "url">;
  /** Errors of idle PostgreSQL connections (logged by the caller; the pool recovers). */
  onError?: (err: Error) => void;
}

/** Opens the stores `db` names, with the schema brought up to date. */
export async function createStores(db: string, options: CreateStoresOptions = {}): Promise<Stores> {
  const target = parseDatabaseTarget(db);
  switch (target.kind) {
    case "postgres":
      return createPostgresStores({ ...options.postgres, url: target.url }, options.onError);
    case "memory":
      return createMemoryStores();
    case "sqlite":
      return createSqliteStores(target.path);
  }
}

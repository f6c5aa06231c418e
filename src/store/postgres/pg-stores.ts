import type { Stores } from "../ports";
import { PgAuditStore, PgCatalogStore, PgPeersStore, PgSubmissionsStore } from "./pg-data-stores";
import { PgChangeFeed } from "./pg-change-feed";
import { PgLeadership } from "./pg-leadership";
import { PgPeerSyncStore } from "./pg-peer-sync-store";
import { PgHeartbeatsStore } from "./pg-heartbeats-store";
import { migratePostgres } from "./pg-migrate";
import { createPgPool, PostgresOptionsSchema, type PostgresOptions } from "./pg-pool";
import { PgRecordsStore } from "./pg-records-store";
import { PgCountersStore, PgKeysStore, PgSessionsStore } from "./pg-runtime-stores";

/** What the PostgreSQL adapter exposes beyond the ports (for the replica features and tests). */
export interface PostgresStores extends Stores {
  readonly kind: "postgres";
  /** The pool, for modules inside src/store only (notifications, leadership). */
  readonly pool: import("pg").Pool;
}

/**
 * Connects to PostgreSQL, runs the migrations under the advisory lock, and returns the stores.
 * Several nodes on one database are replicas of one node: all their data lives here.
 */
export async function createPostgresStores(options: PostgresOptions, onError: (err: Error) => void = () => {}): Promise<PostgresStores> {
  const resolved = PostgresOptionsSchema.parse(options);
  const pool = createPgPool(resolved, onError);
  const changes = new PgChangeFeed(resolved, onError, pool);
  try {
    await migratePostgres(pool, undefined, resolved.migrationTimeoutMs);
    await changes.start();
  } catch (err) {
    await changes.close();
    await pool.end();
    throw err;
  }
  const origin = changes.origin;
  const leadership = new PgLeadership(resolved, onError);
  const records = new PgRecordsStore(pool);
  let closing: Promise<void> | undefined;
  return {
    kind: "postgres",
    pool,
    catalog: new PgCatalogStore(pool, origin),
    submissions: new PgSubmissionsStore(pool, origin),
    records,
    audit: new PgAuditStore(pool),
    peers: new PgPeersStore(pool, origin),
    peerSync: new PgPeerSyncStore(pool, origin),
    keys: new PgKeysStore(pool),
    sessions: new PgSessionsStore(pool, origin),
    counters: new PgCountersStore(pool),
    heartbeats: new PgHeartbeatsStore(pool),
    changes,
    leadership,
    close() {
      closing ??= (async () => {
        await records.flush();
        await changes.close();
        await leadership.release();
        await pool.end();
      })();
      return closing;
    },
  };
}

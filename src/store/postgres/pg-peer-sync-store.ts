import type { Pool } from "pg";
import type { PeerSyncPort } from "../ports";
import { notifyChange } from "./pg-change-feed";
import { inTransaction } from "./pg-pool";

/** Peers' stored syncs in PostgreSQL: the leader writes, the other replicas hear `peer-sync` and read. */
export class PgPeerSyncStore implements PeerSyncPort {
  constructor(
    private readonly pool: Pool,
    private readonly origin: string,
  ) {}

  async all(): Promise<string[]> {
    const { rows } = await this.pool.query<{ snapshot: string }>("SELECT snapshot FROM peer_sync ORDER BY url");
    return rows.map((r) => r.snapshot);
  }

  async save(url: string, snapshot: string): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query(
        "INSERT INTO peer_sync (url, snapshot, updated_at) VALUES ($1, $2, $3) ON CONFLICT (url) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at",
        [url, snapshot, Date.now()],
      );
      await notifyChange(c, this.origin, { topic: "peer-sync" });
    });
  }

  async remove(url: string): Promise<void> {
    await this.pool.query("DELETE FROM peer_sync WHERE url = $1", [url]);
  }
}

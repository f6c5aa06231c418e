import type { Db } from "../database";
import type { PeerSyncPort } from "../ports";

/** Peers' stored syncs in SQLite (one process: the node keeps them for its own restarts). */
export class SqlitePeerSyncStore implements PeerSyncPort {
  constructor(private readonly db: Db) {}

  async all(): Promise<string[]> {
    return (this.db.prepare("SELECT snapshot FROM peer_sync ORDER BY url").all() as { snapshot: string }[]).map((r) => r.snapshot);
  }

  async save(url: string, snapshot: string): Promise<void> {
    this.db
      .prepare("INSERT INTO peer_sync (url, snapshot, updated_at) VALUES (?, ?, ?) ON CONFLICT (url) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at")
      .run(url, snapshot, Date.now());
  }

  async remove(url: string): Promise<void> {
    this.db.prepare("DELETE FROM peer_sync WHERE url = ?").run(url);
  }
}

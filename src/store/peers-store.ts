import type { Db } from "./database";

export interface StoredPeer {
  url: string;
  /** The token this node presents to that peer (it has to be usable, so it cannot be hashed). */
  token?: string;
}

/** Peers added at run time through the admin API, kept across restarts. */
export class PeersStore {
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly allStmt;

  constructor(db: Db) {
    this.upsertStmt = db.prepare(
      "INSERT INTO peers (url, token, added_at) VALUES (?, ?, ?) ON CONFLICT (url) DO UPDATE SET token = excluded.token",
    );
    this.deleteStmt = db.prepare("DELETE FROM peers WHERE url = ?");
    this.allStmt = db.prepare("SELECT url, token FROM peers ORDER BY added_at, url");
  }

  all(): StoredPeer[] {
    return (this.allStmt.all() as { url: string; token: string | null }[]).map((r) => (r.token ? { url: r.url, token: r.token } : { url: r.url }));
  }

  save(peer: StoredPeer): void {
    this.upsertStmt.run(peer.url, peer.token ?? null, Date.now());
  }

  /**
   * Removes the peer at `url` however it was spelled when added (a trailing slash, an explicit
   * default port, upper case): every stored row with the same origin and path goes.
   */
  remove(url: string): boolean {
    const key = peerKey(url);
    let removed = false;
    for (const row of this.all()) if (row.url === url || peerKey(row.url) === key) removed = this.deleteStmt.run(row.url).changes > 0 || removed;
    return removed;
  }
}

/** A peer URL's identity: origin plus path without trailing slashes (as the engine keys it). */
function peerKey(url: string): string {
  try {
    const u = new URL(url);
    return u.origin + u.pathname.replace(/\/+$/, "");
  } catch {
    return url;
  }
}

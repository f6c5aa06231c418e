import type { Pool } from "pg";
import type { CountersPort, KeysPort, SessionRecord, SessionsPort, StoredKey } from "../ports";
import { notifyChange } from "./pg-change-feed";
import { inTransaction } from "./pg-pool";
import { fromKeyRow, type KeyRow, type SessionRow } from "../runtime-rows";

/* The keys, sessions and counters stores on PostgreSQL, shared by every replica. */


export class PgKeysStore implements KeysPort {
  constructor(private readonly pool: Pool) {}

  async ensureCurrent(key: StoredKey): Promise<StoredKey> {
    // one current key per purpose (a partial unique index): a replica that loses the race inserts nothing
    await this.pool.query("INSERT INTO node_keys (id, purpose, material, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", [
      key.id,
      key.purpose,
      key.material,
      key.createdAt,
    ]);
    const current = await this.current(key.purpose);
    if (!current) throw new Error(`no current ${key.purpose} key after insert`);
    return current;
  }

  async current(purpose: string): Promise<StoredKey | undefined> {
    const { rows } = await this.pool.query<KeyRow>("SELECT * FROM node_keys WHERE purpose = $1 AND retired_at IS NULL", [purpose]);
    return rows[0] ? fromKeyRow(rows[0]) : undefined;
  }

  async list(purpose: string): Promise<StoredKey[]> {
    const { rows } = await this.pool.query<KeyRow>("SELECT * FROM node_keys WHERE purpose = $1 ORDER BY created_at DESC, seq DESC", [purpose]);
    return rows.map(fromKeyRow);
  }

  async rotate(next: StoredKey, now = Date.now()): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query("UPDATE node_keys SET retired_at = $1 WHERE purpose = $2 AND retired_at IS NULL", [now, next.purpose]);
      await c.query("INSERT INTO node_keys (id, purpose, material, created_at) VALUES ($1, $2, $3, $4)", [next.id, next.purpose, next.material, next.createdAt]);
    });
  }
}

export class PgSessionsStore implements SessionsPort {
  constructor(
    private readonly pool: Pool,
    /** This replica's change-feed origin (absent: deletions are not announced). */
    private readonly origin?: string,
  ) {}

  async put(s: SessionRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO sessions (id, owner, data, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, data = excluded.data, expires_at = excluded.expires_at`,
      [s.id, s.owner, s.data, s.expiresAt],
    );
  }

  async get(id: string, now = Date.now()): Promise<SessionRecord | undefined> {
    const { rows } = await this.pool.query<SessionRow>("SELECT * FROM sessions WHERE id = $1 AND expires_at > $2", [id, now]);
    const r = rows[0];
    return r ? { id: r.id, owner: r.owner, data: r.data, expiresAt: r.expires_at } : undefined;
  }

  async touch(id: string, expiresAt: number, now = Date.now()): Promise<boolean> {
    return ((await this.pool.query("UPDATE sessions SET expires_at = $1 WHERE id = $2 AND expires_at > $3", [expiresAt, id, now])).rowCount ?? 0) > 0;
  }

  /** Ends a session for every replica: the one serving its event stream hears `mcp-session`. */
  async delete(id: string): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      const deleted = ((await c.query("DELETE FROM sessions WHERE id = $1", [id])).rowCount ?? 0) > 0;
      if (deleted && this.origin) await notifyChange(c, this.origin, { topic: "mcp-session", id });
      return deleted;
    });
  }

  async purgeExpired(now = Date.now()): Promise<number> {
    return (await this.pool.query("DELETE FROM sessions WHERE expires_at <= $1", [now])).rowCount ?? 0;
  }
}

interface PendingHits {
  key: string;
  start: number;
  windowMs: number;
  waiters: { resolve(v: { count: number; resetAt: number }): void; reject(err: unknown): void }[];
}

/**
 * Counters with one atomic upsert per key and window per turn of the event loop: the hits a
 * replica takes in the same turn are added at once (`count + n`) and handed out in order, so a
 * busy replica makes one round trip per token per turn, and counts stay exact across replicas.
 */
export class PgCountersStore implements CountersPort {
  private pending = new Map<string, PendingHits>();

  constructor(private readonly pool: Pool) {}

  hit(key: string, windowMs: number, now = Date.now()): Promise<{ count: number; resetAt: number }> {
    const start = Math.floor(now / windowMs) * windowMs;
    const id = `${key}\u0000${start}\u0000${windowMs}`;
    let group = this.pending.get(id);
    if (!group) {
      if (this.pending.size === 0) setImmediate(() => this.flush());
      group = { key, start, windowMs, waiters: [] };
      this.pending.set(id, group);
    }
    const g = group;
    return new Promise((resolve, reject) => g.waiters.push({ resolve, reject }));
  }

  async purge(before: number): Promise<number> {
    return (await this.pool.query("DELETE FROM rate_counters WHERE window_end <= $1", [before])).rowCount ?? 0;
  }

  private flush(): void {
    const groups = [...this.pending.values()];
    this.pending = new Map();
    for (const g of groups) void this.commit(g);
  }

  private async commit(g: PendingHits): Promise<void> {
    const n = g.waiters.length;
    const resetAt = g.start + g.windowMs;
    try {
      const { rows } = await this.pool.query<{ count: number }>(
        `INSERT INTO rate_counters (key, window_start, window_end, count) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + excluded.count RETURNING count`,
        [g.key, g.start, resetAt, n],
      );
      const first = rows[0].count - n + 1;
      g.waiters.forEach((w, i) => w.resolve({ count: first + i, resetAt }));
    } catch (err) {
      for (const w of g.waiters) w.reject(err);
    }
  }
}

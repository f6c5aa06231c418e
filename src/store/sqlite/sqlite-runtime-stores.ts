import type { Db } from "../database";
import type { CountersPort, KeysPort, SessionRecord, SessionsPort, StoredKey } from "../ports";
import { fromKeyRow, type KeyRow, type SessionRow } from "../runtime-rows";

/* The keys, sessions and counters stores on SQLite (migration 5). */


export class SqliteKeysStore implements KeysPort {
  constructor(private readonly db: Db) {}

  async ensureCurrent(key: StoredKey): Promise<StoredKey> {
    // the partial unique index (one current key per purpose) makes a second insert a no-op
    this.db
      .prepare("INSERT INTO node_keys (id, purpose, material, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
      .run(key.id, key.purpose, key.material, key.createdAt);
    const current = await this.current(key.purpose);
    if (!current) throw new Error(`no current ${key.purpose} key after insert`);
    return current;
  }

  async current(purpose: string): Promise<StoredKey | undefined> {
    const row = this.db.prepare("SELECT * FROM node_keys WHERE purpose = ? AND retired_at IS NULL").get(purpose) as KeyRow | undefined;
    return row ? fromKeyRow(row) : undefined;
  }

  async list(purpose: string): Promise<StoredKey[]> {
    return (this.db.prepare("SELECT * FROM node_keys WHERE purpose = ? ORDER BY created_at DESC, rowid DESC").all(purpose) as KeyRow[]).map(fromKeyRow);
  }

  async rotate(next: StoredKey, now = Date.now()): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare("UPDATE node_keys SET retired_at = ? WHERE purpose = ? AND retired_at IS NULL").run(now, next.purpose);
      this.db.prepare("INSERT INTO node_keys (id, purpose, material, created_at) VALUES (?, ?, ?, ?)").run(next.id, next.purpose, next.material, next.createdAt);
    })();
  }
}

export class SqliteSessionsStore implements SessionsPort {
  constructor(private readonly db: Db) {}

  async put(s: SessionRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sessions (id, owner, data, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, data = excluded.data, expires_at = excluded.expires_at`,
      )
      .run(s.id, s.owner, s.data, s.expiresAt);
  }

  async get(id: string, now = Date.now()): Promise<SessionRecord | undefined> {
    const row = this.db.prepare("SELECT * FROM sessions WHERE id = ? AND expires_at > ?").get(id, now) as SessionRow | undefined;
    return row ? { id: row.id, owner: row.owner, data: row.data, expiresAt: row.expires_at } : undefined;
  }

  async touch(id: string, expiresAt: number, now = Date.now()): Promise<boolean> {
    return this.db.prepare("UPDATE sessions SET expires_at = ? WHERE id = ? AND expires_at > ?").run(expiresAt, id, now).changes > 0;
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare("DELETE FROM sessions WHERE id = ?").run(id).changes > 0;
  }

  async purgeExpired(now = Date.now()): Promise<number> {
    return this.db.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(now).changes;
  }
}

export class SqliteCountersStore implements CountersPort {
  private readonly hitStmt;

  constructor(private readonly db: Db) {
    this.hitStmt = db.prepare(
      `INSERT INTO rate_counters (key, window_start, window_end, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count`,
    );
  }

  async hit(key: string, windowMs: number, now = Date.now()): Promise<{ count: number; resetAt: number }> {
    const start = Math.floor(now / windowMs) * windowMs;
    const row = this.hitStmt.get(key, start, start + windowMs) as { count: number };
    return { count: row.count, resetAt: start + windowMs };
  }

  async purge(before: number): Promise<number> {
    return this.db.prepare("DELETE FROM rate_counters WHERE window_end <= ?").run(before).changes;
  }
}

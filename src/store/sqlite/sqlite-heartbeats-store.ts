import type { Db } from "../database";
import type { HeartbeatsPort, MemberBeat } from "../ports";

/** Registered members' heartbeats in SQLite. */
export class SqliteHeartbeatsStore implements HeartbeatsPort {
  constructor(private readonly db: Db) {}

  async beat(name: string, now = Date.now()): Promise<void> {
    this.db
      .prepare("INSERT INTO member_heartbeats (name, last_beat) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last_beat = MAX(last_beat, excluded.last_beat)")
      .run(name, now);
  }

  async get(name: string): Promise<MemberBeat | undefined> {
    const row = this.db.prepare("SELECT name, last_beat FROM member_heartbeats WHERE name = ?").get(name) as { name: string; last_beat: number } | undefined;
    return row && { name: row.name, lastBeat: row.last_beat };
  }

  async all(): Promise<MemberBeat[]> {
    const rows = this.db.prepare("SELECT name, last_beat FROM member_heartbeats ORDER BY name").all() as { name: string; last_beat: number }[];
    return rows.map((r) => ({ name: r.name, lastBeat: r.last_beat }));
  }

  async remove(name: string): Promise<boolean> {
    return this.db.prepare("DELETE FROM member_heartbeats WHERE name = ?").run(name).changes > 0;
  }
}

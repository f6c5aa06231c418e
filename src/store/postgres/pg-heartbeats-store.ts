import type { Pool } from "pg";
import type { HeartbeatsPort, MemberBeat } from "../ports";

/**
 * Registered members' heartbeats in PostgreSQL, read by every replica: each one's heartbeat
 * monitor polls them, so no change notification is needed.
 */
export class PgHeartbeatsStore implements HeartbeatsPort {
  constructor(private readonly pool: Pool) {}

  async beat(name: string, now = Date.now()): Promise<void> {
    await this.pool.query(
      "INSERT INTO member_heartbeats (name, last_beat) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET last_beat = GREATEST(member_heartbeats.last_beat, excluded.last_beat)",
      [name, now],
    );
  }

  async get(name: string): Promise<MemberBeat | undefined> {
    const { rows } = await this.pool.query<{ name: string; last_beat: string }>("SELECT name, last_beat FROM member_heartbeats WHERE name = $1", [name]);
    return rows[0] && { name: rows[0].name, lastBeat: Number(rows[0].last_beat) };
  }

  async all(): Promise<MemberBeat[]> {
    // COLLATE "C": byte order, as the other adapters sort
    const { rows } = await this.pool.query<{ name: string; last_beat: string }>('SELECT name, last_beat FROM member_heartbeats ORDER BY name COLLATE "C"');
    return rows.map((r) => ({ name: r.name, lastBeat: Number(r.last_beat) }));
  }

  async remove(name: string): Promise<boolean> {
    return ((await this.pool.query("DELETE FROM member_heartbeats WHERE name = $1", [name])).rowCount ?? 0) > 0;
  }
}

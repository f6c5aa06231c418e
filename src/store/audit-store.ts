import type { Db } from "./database";

/** A security-relevant event: who (token id), what, on what, when, and how it ended. */
export interface AuditEvent {
  actor: string;
  action: string;
  target: string;
  outcome: string;
  detail?: string;
}

export interface AuditEntry extends AuditEvent {
  ts: string;
}

/** The audit trail in SQLite. */
export class AuditStore {
  private readonly insertStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare("INSERT INTO audit (ts, actor, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)");
  }

  add(event: AuditEvent, now = Date.now()): void {
    this.insertStmt.run(now, event.actor, event.action, event.target.slice(0, 300), event.outcome, event.detail?.slice(0, 1000) ?? null);
  }

  /** Newest first. */
  list(query: { limit: number; action?: string; since?: number }): AuditEntry[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit };
    if (query.action) {
      where.push("action = @action");
      params.action = query.action;
    }
    if (query.since !== undefined) {
      where.push("ts >= @since");
      params.since = query.since;
    }
    const rows = this.db
      .prepare(`SELECT ts, actor, action, target, outcome, detail FROM audit ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT @limit`)
      .all(params) as { ts: number; actor: string; action: string; target: string; outcome: string; detail: string | null }[];
    return rows.map((r) => ({ ...r, ts: new Date(r.ts).toISOString(), detail: r.detail ?? undefined }));
  }
}

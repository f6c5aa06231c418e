import type { Statement } from "better-sqlite3";
import type { Db } from "./database";

/** One anonymized performance record: what ran, how it went, never who called or with what. */
export interface PerformanceRecord {
  mcp_name: string;
  success: boolean;
  latency_ms: number;
  cost: number | null;
  /** Epoch milliseconds, rounded down to the minute. */
  ts: number;
  /** `local` for this node's own calls, otherwise the id of the token that uploaded it. */
  source: string;
  error_class: string | null;
}

export interface RecordQuery {
  limit: number;
  since?: number;
  mcpName?: string;
}

interface Row {
  mcp_name: string;
  success: number;
  latency_ms: number;
  cost: number | null;
  ts: number;
  source: string;
  error_class: string | null;
}

/**
 * Performance records in SQLite. `add` and `addBatch` are synchronous: committed when the call
 * returns. Execution records arrive in batches from the recorder, one transaction each.
 */
export class RecordsStore {
  private readonly insertStmt;
  private readonly insertMany;
  private readonly countStmt;
  /** One prepared statement per filter combination of list() (four at most). */
  private readonly listStmts = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    // positional parameters: binding by name costs about a fifth of a row's insert (one per call)
    this.insertStmt = db.prepare(
      `INSERT INTO records (mcp_name, success, latency_ms, cost, ts, source, error_class)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertMany = db.transaction((records: readonly PerformanceRecord[]) => {
      for (const r of records) this.insert(r);
    });
    this.countStmt = db.prepare("SELECT count(*) AS n FROM records");
  }

  add(record: PerformanceRecord): void {
    this.insert(record);
  }

  private insert(r: PerformanceRecord): void {
    this.insertStmt.run(r.mcp_name, r.success ? 1 : 0, r.latency_ms, r.cost, r.ts, r.source, r.error_class);
  }

  /** Stores every record or none (one transaction). */
  addBatch(records: readonly PerformanceRecord[]): void {
    this.insertMany(records);
  }

  /** Newest first. */
  list(query: RecordQuery): PerformanceRecord[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit };
    if (query.since !== undefined) {
      where.push("ts >= @since");
      params.since = query.since;
    }
    if (query.mcpName !== undefined) {
      where.push("mcp_name = @mcpName");
      params.mcpName = query.mcpName;
    }
    const sql = `SELECT mcp_name, success, latency_ms, cost, ts, source, error_class FROM records
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ts DESC, id DESC LIMIT @limit`;
    let stmt = this.listStmts.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.listStmts.set(sql, stmt);
    }
    const rows = stmt.all(params) as Row[];
    return rows.map((r) => ({ ...r, success: r.success === 1 }));
  }

  count(): number {
    return (this.countStmt.get() as { n: number }).n;
  }
}

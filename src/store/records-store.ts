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

interface Group {
  records: PerformanceRecord[];
  done: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Performance records in SQLite. `add` and `addBatch` are synchronous: committed when the call
 * returns. `addInGroup` is a group commit for the per-call hot path: every record added in the
 * same turn of the event loop goes into one transaction, run after that turn's I/O callbacks
 * (setImmediate), and each caller's promise settles when it is committed — so a caller that
 * awaits it before answering still answers only after its record is stored, while a busy node
 * writes one WAL frame per turn instead of one per call.
 */
export class RecordsStore {
  private readonly insertStmt;
  private readonly insertMany;
  private readonly countStmt;
  private group: Group | undefined;
  /** One prepared statement per filter combination of list() (four at most). */
  private readonly listStmts = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO records (mcp_name, success, latency_ms, cost, ts, source, error_class)
       VALUES (@mcp_name, @success, @latency_ms, @cost, @ts, @source, @error_class)`,
    );
    this.insertMany = db.transaction((records: readonly PerformanceRecord[]) => {
      for (const r of records) this.insertStmt.run(toRow(r));
    });
    this.countStmt = db.prepare("SELECT count(*) AS n FROM records");
  }

  add(record: PerformanceRecord): void {
    this.insertStmt.run(toRow(record));
  }

  /** Stores every record or none (one transaction). */
  addBatch(records: readonly PerformanceRecord[]): void {
    this.insertMany(records);
  }

  /** Adds the record to this turn's group commit; settles once the group is committed. */
  addInGroup(record: PerformanceRecord): Promise<void> {
    if (!this.group) {
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.group = { records: [], done, resolve, reject };
      setImmediate(() => this.flush());
    }
    this.group.records.push(record);
    return this.group.done;
  }

  /** Commits the pending group now (before reads and on shutdown). */
  flush(): void {
    const group = this.group;
    if (!group) return;
    this.group = undefined;
    try {
      this.insertMany(group.records);
      group.resolve();
    } catch (err) {
      group.reject(err);
    }
  }

  /** Newest first. */
  list(query: RecordQuery): PerformanceRecord[] {
    this.flush();
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
    this.flush();
    return (this.countStmt.get() as { n: number }).n;
  }
}

function toRow(r: PerformanceRecord): Row {
  return {
    mcp_name: r.mcp_name,
    success: r.success ? 1 : 0,
    latency_ms: r.latency_ms,
    cost: r.cost,
    ts: r.ts,
    source: r.source,
    error_class: r.error_class,
  };
}

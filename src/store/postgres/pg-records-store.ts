import type { Pool } from "pg";
import type { RecordsPort } from "../ports";
import type { PerformanceRecord, RecordQuery } from "../records-store";

const INSERT_SQL = `INSERT INTO records (mcp_name, success, latency_ms, cost, ts, source, error_class)
  SELECT * FROM unnest($1::text[], $2::boolean[], $3::float8[], $4::float8[], $5::int8[], $6::text[], $7::text[])`;

interface Group {
  records: PerformanceRecord[];
  done: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Performance records on PostgreSQL. Every write is one multi-row INSERT (one statement, so all
 * or nothing) and resolves once committed. `addInGroup` gathers the records of one turn of the
 * event loop into one such INSERT, as the SQLite store does: a caller that awaits it answers only
 * after its record is durable, and a busy replica makes one round trip per turn, not per call.
 */
export class PgRecordsStore implements RecordsPort {
  private group: Group | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly pool: Pool) {}

  async add(record: PerformanceRecord): Promise<void> {
    await this.insert([record]);
  }

  async addBatch(records: readonly PerformanceRecord[]): Promise<void> {
    if (records.length > 0) await this.insert(records);
  }

  addInGroup(record: PerformanceRecord): Promise<void> {
    if (!this.group) {
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.group = { records: [], done, resolve, reject };
      setImmediate(() => void this.commitGroup());
    }
    this.group.records.push(record);
    return this.group.done;
  }

  /** Commits the pending group and waits for groups already being committed. */
  async flush(): Promise<void> {
    const pending = this.commitGroup();
    await Promise.allSettled([pending, ...this.inFlight]);
  }

  async list(query: RecordQuery): Promise<PerformanceRecord[]> {
    await this.flush();
    const { rows } = await this.pool.query<PerformanceRecord>(
      `SELECT mcp_name, success, latency_ms, cost, ts, source, error_class FROM records
       WHERE ($2::bigint IS NULL OR ts >= $2) AND ($3::text IS NULL OR mcp_name = $3)
       ORDER BY ts DESC, id DESC LIMIT $1`,
      [query.limit, query.since ?? null, query.mcpName ?? null],
    );
    return rows;
  }

  async count(): Promise<number> {
    await this.flush();
    const { rows } = await this.pool.query<{ n: number }>("SELECT count(*) AS n FROM records");
    return rows[0].n;
  }

  private commitGroup(): Promise<void> {
    const group = this.group;
    if (!group) return Promise.resolve();
    this.group = undefined;
    const run = this.insert(group.records).then(group.resolve, group.reject);
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  private async insert(records: readonly PerformanceRecord[]): Promise<void> {
    await this.pool.query(INSERT_SQL, [
      records.map((r) => r.mcp_name),
      records.map((r) => r.success),
      records.map((r) => r.latency_ms),
      records.map((r) => r.cost),
      records.map((r) => r.ts),
      records.map((r) => r.source),
      records.map((r) => r.error_class),
    ]);
  }
}

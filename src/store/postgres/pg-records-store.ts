import type { Pool } from "pg";
import type { RecordsPort } from "../ports";
import type { PerformanceRecord, RecordQuery } from "../records-store";

const INSERT_SQL = `INSERT INTO records (mcp_name, success, latency_ms, cost, ts, source, error_class)
  SELECT * FROM unnest($1::text[], $2::boolean[], $3::float8[], $4::float8[], $5::int8[], $6::text[], $7::text[])`;

/**
 * Performance records on PostgreSQL. Every write is one multi-row INSERT (one statement, so all
 * or nothing) and resolves once committed. Execution records arrive in batches from the recorder,
 * one INSERT each.
 */
export class PgRecordsStore implements RecordsPort {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly pool: Pool) {}

  async add(record: PerformanceRecord): Promise<void> {
    await this.insert([record]);
  }

  async addBatch(records: readonly PerformanceRecord[]): Promise<void> {
    if (records.length > 0) await this.insert(records);
  }

  /** Waits for the inserts already sent. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  async list(query: RecordQuery): Promise<PerformanceRecord[]> {
    const { rows } = await this.pool.query<PerformanceRecord>(
      `SELECT mcp_name, success, latency_ms, cost, ts, source, error_class FROM records
       WHERE ($2::bigint IS NULL OR ts >= $2) AND ($3::text IS NULL OR mcp_name = $3)
       ORDER BY ts DESC, id DESC LIMIT $1`,
      [query.limit, query.since ?? null, query.mcpName ?? null],
    );
    return rows;
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>("SELECT count(*) AS n FROM records");
    return rows[0].n;
  }

  private insert(records: readonly PerformanceRecord[]): Promise<void> {
    const run = this.send(records);
    this.inFlight.add(run);
    void run.catch(() => undefined).finally(() => this.inFlight.delete(run));
    return run;
  }

  private async send(records: readonly PerformanceRecord[]): Promise<void> {
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

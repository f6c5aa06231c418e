import { isAppError } from "../errors";
import type { RecordsPort } from "../store/ports";
import type { PerformanceRecord } from "../store/records-store";

const MINUTE = 60_000;

/** Time rounded down to the minute, so a record cannot be tied to one caller's request. */
export function roundToMinute(epochMs: number): number {
  return Math.floor(epochMs / MINUTE) * MINUTE;
}

/** A short, non-identifying class for an execution failure (never its message). */
export function errorClassOf(err: unknown): string {
  if (isAppError(err)) return err.code;
  return "internal";
}

export interface ExecutionOutcome {
  mcpName: string;
  success: boolean;
  latencyMs: number;
  cost: number | null;
  errorClass: string | null;
}

/** What listeners (the federated engine) receive for every stored record. */
export interface RecordedObservation {
  mcp_name: string;
  success: boolean;
  latency_ms: number;
  cost: number | null;
  error_class: string | null;
  /** `local` for this node's own calls, else the id of the token that uploaded the record. */
  source: string;
}

/** Writes one anonymized record per execution: tool, outcome, latency, cost, minute, error class. */
export class PerformanceRecorder {
  private readonly listeners: ((r: RecordedObservation) => void)[] = [];

  constructor(private readonly records: Pick<RecordsPort, "add" | "addBatch" | "addInGroup">) {}

  /** Called after each record is stored (not for records the listener itself produced). */
  onRecord(listener: (r: RecordedObservation) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Records one call of this node's (in the store's group commit) and tells the listeners.
   * Resolves once the record is committed: callers answer their client only after that.
   */
  recordExecution(outcome: ExecutionOutcome, now = Date.now()): Promise<void> {
    const stored = this.records.addInGroup(toRecord(outcome, now));
    const obs = { mcp_name: outcome.mcpName, success: outcome.success, latency_ms: outcome.latencyMs, cost: outcome.cost, error_class: outcome.errorClass, source: "local" };
    for (const l of this.listeners) l(obs);
    return stored;
  }

  /** Stores a record now, without notifying listeners (for records the engine already counted). */
  store(outcome: ExecutionOutcome, now = Date.now()): Promise<void> {
    return this.records.add(toRecord(outcome, now));
  }

  /** Stores records uploaded by a peer, all or nothing, under the uploading token's id. */
  async ingest(
    batch: readonly { mcp_name: string; success: boolean; latency_ms: number; cost?: number | null }[],
    source: string,
    now = Date.now(),
  ): Promise<void> {
    const ts = roundToMinute(now);
    const rows: PerformanceRecord[] = batch.map((r) => ({
      mcp_name: r.mcp_name,
      success: r.success,
      latency_ms: r.latency_ms,
      cost: r.cost ?? null,
      ts,
      source,
      error_class: null,
    }));
    await this.records.addBatch(rows);
    for (const r of rows) {
      for (const l of this.listeners) l({ mcp_name: r.mcp_name, success: r.success, latency_ms: r.latency_ms, cost: r.cost, error_class: null, source });
    }
  }
}

function toRecord(outcome: ExecutionOutcome, now: number): PerformanceRecord {
  return {
    mcp_name: outcome.mcpName,
    success: outcome.success,
    latency_ms: Math.round(outcome.latencyMs * 1000) / 1000,
    cost: outcome.cost,
    ts: roundToMinute(now),
    source: "local",
    error_class: outcome.errorClass,
  };
}

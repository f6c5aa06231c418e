import { isAppError } from "../errors";
import type { RecordsPort } from "../store/ports";
import type { PerformanceRecord } from "../store/records-store";
import { RecordBatcher } from "./record-batcher";

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

export interface RecorderOptions {
  /** Told of a batch of execution records that failed to be stored (never thrown at a caller). */
  onWriteError?(err: unknown, attempt: 1 | 2, size: number): void;
  /** Batching bounds (tests shorten them); defaults: 100 ms, 500 records, 10 000 held. */
  maxDelayMs?: number;
  maxBatch?: number;
  maxQueued?: number;
}

/**
 * Writes one anonymized record per execution: tool, outcome, latency, cost, minute, error class.
 * Execution records are telemetry: they are batched off the answer's path (written within
 * `maxDelayMs`, so a crash loses at most that window). Uploaded batches (`ingest`) are not: they
 * are committed before the call resolves.
 */
export class PerformanceRecorder {
  private readonly listeners: ((r: RecordedObservation) => void)[] = [];
  private readonly batcher: RecordBatcher<PerformanceRecord>;

  constructor(
    private readonly records: Pick<RecordsPort, "addBatch">,
    options: RecorderOptions = {},
  ) {
    this.batcher = new RecordBatcher({
      write: (batch) => records.addBatch(batch),
      onError: options.onWriteError,
      maxDelayMs: options.maxDelayMs,
      maxBatch: options.maxBatch,
      maxQueued: options.maxQueued,
    });
  }

  /** Execution records lost (store down past the queue's bound, or a batch that failed twice). */
  get dropped(): number {
    return this.batcher.dropped;
  }

  /** Commits the queued execution records now (before reads that must see them, and in tests). */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /** Commits what is queued; records that arrive later are dropped (the store is closing). */
  close(): Promise<void> {
    return this.batcher.close();
  }

  /** Called after each record is stored (not for records the listener itself produced). */
  onRecord(listener: (r: RecordedObservation) => void): void {
    this.listeners.push(listener);
  }

  /** Queues the record of one call of this node's and tells the listeners; never waits or throws. */
  recordExecution(outcome: ExecutionOutcome, now = Date.now()): void {
    this.batcher.add(toRecord(outcome, now));
    const obs = { mcp_name: outcome.mcpName, success: outcome.success, latency_ms: outcome.latencyMs, cost: outcome.cost, error_class: outcome.errorClass, source: "local" };
    for (const l of this.listeners) l(obs);
  }

  /** Queues a record without notifying listeners (for records the engine already counted). */
  store(outcome: ExecutionOutcome, now = Date.now()): void {
    this.batcher.add(toRecord(outcome, now));
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

/**
 * The records port as readers of the node see it: a read first commits the queued execution
 * records, so `GET /metadata` right after an answered `/execute` shows its record.
 */
export function readThroughRecorder(records: RecordsPort, recorder: Pick<PerformanceRecorder, "flush">): RecordsPort {
  // methods are called on the port itself (it may be a class instance: no spreading)
  return {
    add: (r) => records.add(r),
    addBatch: (rs) => records.addBatch(rs),
    flush: async () => {
      await recorder.flush();
      await records.flush();
    },
    list: async (query) => {
      await recorder.flush();
      return records.list(query);
    },
    count: async () => {
      await recorder.flush();
      return records.count();
    },
  };
}

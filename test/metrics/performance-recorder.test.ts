import Database from "better-sqlite3";
import { join } from "node:path";
import { PerformanceRecorder, readThroughRecorder } from "../../src/metrics/performance-recorder";
import { NodeMetrics } from "../../src/metrics/node-metrics";
import { createStores } from "../../src/store/create-stores";
import type { Stores } from "../../src/store/ports";
import { tempDir } from "../support/test-node";

const outcome = { mcpName: "srv.tool", success: true, latencyMs: 2, cost: null, errorClass: null };

/** The recorder over a real SQLite file, read back through a second connection. */
describe("PerformanceRecorder batching", () => {
  let dir: string;
  let cleanup: () => void;
  let stores: Stores;
  let closed = false;
  const visible = () => {
    const other = new Database(join(dir, "r.db"), { readonly: true });
    try {
      return (other.prepare("SELECT count(*) AS n FROM records").get() as { n: number }).n;
    } finally {
      other.close();
    }
  };

  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    stores = await createStores(join(dir, "r.db"));
    closed = false;
  });
  afterEach(async () => {
    if (!closed) await stores.close();
    cleanup();
  });

  test("when a call is recorded, then nothing waits on the store, and the record is committed within the batch window", async () => {
    const recorder = new PerformanceRecorder(stores.records, { maxDelayMs: 30 });
    const seen: string[] = [];
    recorder.onRecord((r) => seen.push(r.mcp_name));
    expect(recorder.recordExecution(outcome)).toBeUndefined();
    expect(seen).toEqual(["srv.tool"]);
    expect(visible()).toBe(0);
    const t0 = Date.now();
    while (visible() === 0 && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 5));
    expect(visible()).toBe(1);
    expect(Date.now() - t0).toBeLessThan(500);
  });

  test("when the node reads records, then queued ones are written first", async () => {
    const recorder = new PerformanceRecorder(stores.records, { maxDelayMs: 60_000 });
    const reader = readThroughRecorder(stores.records, recorder);
    recorder.recordExecution(outcome);
    recorder.store({ ...outcome, mcpName: "srv.other@peer.example" });
    expect(await stores.records.count()).toBe(0);
    expect((await reader.list({ limit: 10 })).map((r) => r.mcp_name).sort()).toEqual(["srv.other@peer.example", "srv.tool"]);
  });

  test("when the store is gone, then calls still return, the failure is logged twice and the lost records are counted in the metric", async () => {
    const errors: number[] = [];
    const recorder = new PerformanceRecorder(stores.records, { maxDelayMs: 60_000, onWriteError: (_err, attempt) => errors.push(attempt) });
    const metrics = new NodeMetrics({ servers: () => ({}), peers: () => [], recordsDropped: () => recorder.dropped });
    await stores.close();
    closed = true;
    recorder.recordExecution(outcome);
    recorder.recordExecution(outcome);
    await expect(recorder.flush()).resolves.toBeUndefined();
    expect(errors).toEqual([1, 2]);
    expect(recorder.dropped).toBe(2);
    expect(await metrics.render()).toMatch(/^mcpfed_records_dropped_total 2$/m);
  });
});

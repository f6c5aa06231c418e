import Database from "better-sqlite3";
import { join } from "node:path";
import { openDatabase } from "../../src/store/database";
import { RecordsStore, type PerformanceRecord } from "../../src/store/records-store";
import { tempDir } from "../support/test-node";

const record = (mcp_name: string): PerformanceRecord => ({ mcp_name, success: true, latency_ms: 1.5, cost: null, ts: 60_000, source: "local", error_class: null });

/** Batches of records, read back through a second connection to the same file. */
describe("records store batches", () => {
  let dir: string;
  let cleanup: () => void;
  let store: RecordsStore;
  let db: ReturnType<typeof openDatabase>;
  let other: Database.Database;
  const visible = () => (other.prepare("SELECT count(*) AS n FROM records").get() as { n: number }).n;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    db = openDatabase(join(dir, "r.db"));
    store = new RecordsStore(db);
    other = new Database(join(dir, "r.db"), { readonly: true });
  });
  afterEach(() => {
    other.close();
    db.close();
    cleanup();
  });

  test("when a batch is added, then it is committed when the call returns, visible to another connection", () => {
    store.addBatch(["a", "b", "c"].map(record));
    expect(visible()).toBe(3);
    expect(store.list({ limit: 10 }).map((r) => r.mcp_name)).toEqual(["c", "b", "a"]);
  });

  test("when one record of a batch cannot be stored, then none of the batch is stored and the next batch is unaffected", () => {
    // toMatchObject, not toThrow: better-sqlite3's error class comes from whichever test file
    // loaded the native addon first, so it may not be this file's Error
    let thrown: unknown;
    try {
      store.addBatch([record("good"), { ...record("bad"), mcp_name: null as unknown as string }]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ message: expect.stringMatching(/NOT NULL/) });
    expect(visible()).toBe(0);
    store.addBatch([record("later")]);
    expect(visible()).toBe(1);
  });
});

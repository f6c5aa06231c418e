import Database from "better-sqlite3";
import { join } from "node:path";
import { openDatabase } from "../../src/store/database";
import { RecordsStore, type PerformanceRecord } from "../../src/store/records-store";
import { tempDir } from "../support/test-node";

const record = (mcp_name: string): PerformanceRecord => ({ mcp_name, success: true, latency_ms: 1.5, cost: null, ts: 60_000, source: "local", error_class: null });

/** The group commit of per-call records, read back through a second connection to the same file. */
describe("records group commit", () => {
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

  test("when records are added in one turn, then none is visible before the commit and all are once their promises settle", async () => {
    const pending = ["a", "b", "c"].map((n) => store.addInGroup(record(n)));
    expect(visible()).toBe(0);
    await Promise.all(pending);
    expect(visible()).toBe(3);
  });

  test("when one record of a group cannot be stored, then every caller of that group is told and none of its records is stored", async () => {
    const good = store.addInGroup(record("good"));
    const bad = store.addInGroup({ ...record("bad"), mcp_name: null as unknown as string });
    // toMatchObject, not toThrow: better-sqlite3's error class comes from whichever test file
    // loaded the native addon first, so it may not be this file's Error
    await expect(good).rejects.toMatchObject({ message: expect.stringMatching(/NOT NULL/) });
    await expect(bad).rejects.toMatchObject({ message: expect.stringMatching(/NOT NULL/) });
    expect(visible()).toBe(0);
    // the next turn's group is unaffected
    await store.addInGroup(record("later"));
    expect(visible()).toBe(1);
  });

  test("when records are added in different turns, then each turn's group commits on its own", async () => {
    const first = store.addInGroup(record("first"));
    await first;
    expect(visible()).toBe(1);
    const second = store.addInGroup(record("second"));
    expect(first).not.toBe(second);
    await second;
    expect(visible()).toBe(2);
  });

  test("when the store is read or flushed with a group pending, then the group is committed first", async () => {
    const pending = store.addInGroup(record("x"));
    expect(store.count()).toBe(1);
    expect(visible()).toBe(1);
    await pending;
    const next = store.addInGroup(record("y"));
    store.flush();
    expect(visible()).toBe(2);
    await next;
    store.flush(); // nothing pending: a no-op
    expect(store.list({ limit: 10 }).map((r) => r.mcp_name)).toEqual(["y", "x"]);
  });
});

import { RecordBatcher } from "../../src/metrics/record-batcher";

/** A store that keeps what it is given, can be told to fail, and can be held mid-write. */
function sink() {
  const state = {
    batches: [] as number[][],
    failures: 0,
    hold: undefined as Promise<void> | undefined,
    async write(batch: readonly number[]): Promise<void> {
      if (state.hold) await state.hold;
      if (state.failures > 0) {
        state.failures -= 1;
        throw new Error("store down");
      }
      state.batches.push([...batch]);
    },
  };
  return state;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("RecordBatcher", () => {
  test("when records are added, then add returns before any write and one batch is written within the delay", async () => {
    const store = sink();
    const batcher = new RecordBatcher<number>({ write: store.write, maxDelayMs: 40 });
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) batcher.add(i);
    expect(store.batches).toEqual([]);
    expect(batcher.pending).toBe(5);
    while (store.batches.length === 0 && Date.now() - t0 < 1000) await sleep(5);
    expect(store.batches).toEqual([[0, 1, 2, 3, 4]]);
    expect(Date.now() - t0).toBeLessThan(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(35);
    expect(batcher.pending).toBe(0);
  });

  test("when a batch reaches its size bound, then it is written at once without waiting for the timer", async () => {
    const store = sink();
    const batcher = new RecordBatcher<number>({ write: store.write, maxDelayMs: 10_000, maxBatch: 3 });
    for (let i = 0; i < 6; i++) batcher.add(i);
    await sleep(20);
    expect(store.batches).toEqual([[0, 1, 2], [3, 4, 5]]);
    batcher.add(6);
    await sleep(20);
    expect(store.batches).toHaveLength(2);
    await batcher.close();
    expect(store.batches).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  test("when closed, then queued records are written, and later ones are dropped and counted", async () => {
    const store = sink();
    const batcher = new RecordBatcher<number>({ write: store.write, maxDelayMs: 10_000 });
    batcher.add(1);
    batcher.add(2);
    await batcher.close();
    expect(store.batches).toEqual([[1, 2]]);
    batcher.add(3);
    await batcher.flush();
    expect(store.batches).toEqual([[1, 2]]);
    expect(batcher.dropped).toBe(1);
  });

  test("when a write fails once, then it is logged and retried, and nothing is lost", async () => {
    const store = sink();
    const errors: [string, number, number][] = [];
    const batcher = new RecordBatcher<number>({ write: store.write, onError: (err, attempt, size) => errors.push([(err as Error).message, attempt, size]) });
    store.failures = 1;
    batcher.add(1);
    batcher.add(2);
    await expect(batcher.flush()).resolves.toBeUndefined();
    expect(store.batches).toEqual([[1, 2]]);
    expect(errors).toEqual([["store down", 1, 2]]);
    expect(batcher.dropped).toBe(0);
  });

  test("when a write fails twice, then the batch is dropped and counted, never thrown, and the next batch is written", async () => {
    const store = sink();
    const attempts: number[] = [];
    const batcher = new RecordBatcher<number>({ write: store.write, onError: (_err, attempt) => attempts.push(attempt) });
    store.failures = 2;
    batcher.add(1);
    batcher.add(2);
    await expect(batcher.flush()).resolves.toBeUndefined();
    expect(attempts).toEqual([1, 2]);
    expect(batcher.dropped).toBe(2);
    batcher.add(3);
    await batcher.flush();
    expect(store.batches).toEqual([[3]]);
  });

  test("when the store hangs, then memory stays bounded: the oldest queued records are dropped and counted", async () => {
    const store = sink();
    let release!: () => void;
    store.hold = new Promise<void>((r) => (release = r));
    const batcher = new RecordBatcher<number>({ write: store.write, maxDelayMs: 1, maxBatch: 2, maxQueued: 5 });
    batcher.add(0);
    batcher.add(1); // full batch: handed to the (hung) store
    for (let i = 2; i < 12; i++) batcher.add(i);
    expect(batcher.pending).toBe(5);
    expect(batcher.dropped).toBe(7);
    store.hold = undefined;
    release();
    await batcher.flush();
    // the in-flight batch, then the newest three
    expect(store.batches.flat()).toEqual([0, 1, 9, 10, 11]);
  });

  test("when records arrive while a batch is being written, then they follow within the delay", async () => {
    const store = sink();
    let release!: () => void;
    store.hold = new Promise<void>((r) => (release = r));
    const batcher = new RecordBatcher<number>({ write: store.write, maxDelayMs: 20 });
    batcher.add(1);
    const first = batcher.flush();
    batcher.add(2);
    store.hold = undefined;
    release();
    await first;
    for (let i = 0; i < 50 && store.batches.flat().length < 2; i++) await sleep(5);
    expect(store.batches.flat()).toEqual([1, 2]);
  });
});

import type { StoredKey } from "../../../src/store/ports";
import { describeEachAdapter } from "./adapters";

const key = (id: string, createdAt = 1_000): StoredKey => ({ id, purpose: "node-signing", material: JSON.stringify({ kty: "OKP", d: id }), createdAt });

describeEachAdapter("keys, sessions and counters stores", (fx) => {
  test("when two callers ensure a current key, then both get the first one and only one is stored", async () => {
    const s = await fx.fresh();
    expect(await s.keys.current("node-signing")).toBeUndefined();
    expect(await s.keys.ensureCurrent(key("k1"))).toEqual(key("k1"));
    expect(await s.keys.ensureCurrent(key("k2"))).toEqual(key("k1"));
    expect(await s.keys.list("node-signing")).toEqual([key("k1")]);
  });

  test("when replicas ensure a key at the same time, then they agree on one", async () => {
    if (!fx.reopen) return;
    const s = await fx.fresh();
    const other = await fx.reopen();
    const got = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? s : other).keys.ensureCurrent(key(`k${i}`))));
    expect(new Set(got.map((k) => k.id)).size).toBe(1);
    expect(await s.keys.list("node-signing")).toHaveLength(1);
  });

  test("when a key is rotated, then the new one is current and the old one is listed as retired after it", async () => {
    const s = await fx.fresh();
    await s.keys.ensureCurrent(key("old", 1_000));
    await s.keys.rotate(key("new", 2_000), 5_000);
    expect((await s.keys.current("node-signing"))?.id).toBe("new");
    expect(await s.keys.list("node-signing")).toEqual([key("new", 2_000), { ...key("old", 1_000), retiredAt: 5_000 }]);
    expect(await s.keys.list("other")).toEqual([]);
  });

  test("when a session expires, then get and touch miss it and purge removes it; a live one can be extended and deleted", async () => {
    const s = await fx.fresh();
    await s.sessions.put({ id: "live", owner: "t1", data: '{"v":1}', expiresAt: 10_000 });
    await s.sessions.put({ id: "old", owner: "t2", data: "{}", expiresAt: 2_000 });
    expect(await s.sessions.get("live", 5_000)).toEqual({ id: "live", owner: "t1", data: '{"v":1}', expiresAt: 10_000 });
    expect(await s.sessions.get("old", 5_000)).toBeUndefined();
    expect(await s.sessions.touch("old", 20_000, 5_000)).toBe(false);
    expect(await s.sessions.touch("live", 20_000, 5_000)).toBe(true);
    expect((await s.sessions.get("live", 15_000))?.expiresAt).toBe(20_000);
    expect(await s.sessions.purgeExpired(5_000)).toBe(1);
    expect(await s.sessions.delete("live")).toBe(true);
    expect(await s.sessions.delete("live")).toBe(false);
    expect(await s.sessions.get("missing")).toBeUndefined();
  });

  test("when a key is hit within and across windows, then counts grow per window and restart in the next", async () => {
    const s = await fx.fresh();
    expect(await s.counters.hit("tok", 60_000, 60_500)).toEqual({ count: 1, resetAt: 120_000 });
    expect(await s.counters.hit("tok", 60_000, 119_999)).toEqual({ count: 2, resetAt: 120_000 });
    expect(await s.counters.hit("other", 60_000, 70_000)).toEqual({ count: 1, resetAt: 120_000 });
    expect(await s.counters.hit("tok", 60_000, 120_000)).toEqual({ count: 1, resetAt: 180_000 });
    expect(await s.counters.purge(120_000)).toBe(2);
    expect(await s.counters.hit("tok", 60_000, 120_001)).toEqual({ count: 2, resetAt: 180_000 });
  });

  test("when two handles count the same key concurrently, then every hit is counted once", async () => {
    if (!fx.reopen) return;
    const s = await fx.fresh();
    const other = await fx.reopen();
    const counts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? s : other).counters.hit("shared", 60_000, 60_000)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});

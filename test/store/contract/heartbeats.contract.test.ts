import { describeEachAdapter } from "./adapters";

describeEachAdapter("heartbeats store", (fx) => {
  test("when members beat, then each keeps its latest beat, listed by name; an older beat never goes back in time", async () => {
    const s = await fx.fresh();
    expect(await s.heartbeats.all()).toEqual([]);
    expect(await s.heartbeats.get("weather")).toBeUndefined();
    await s.heartbeats.beat("weather", 1_000);
    await s.heartbeats.beat("alpha", 2_000);
    await s.heartbeats.beat("weather", 5_000);
    await s.heartbeats.beat("weather", 3_000);
    expect(await s.heartbeats.get("weather")).toEqual({ name: "weather", lastBeat: 5_000 });
    expect(await s.heartbeats.all()).toEqual([
      { name: "alpha", lastBeat: 2_000 },
      { name: "weather", lastBeat: 5_000 },
    ]);
  });

  test("when a member is removed, then it has no beat and a second removal reports nothing removed", async () => {
    const s = await fx.fresh();
    await s.heartbeats.beat("weather", 1_000);
    expect(await s.heartbeats.remove("weather")).toBe(true);
    expect(await s.heartbeats.remove("weather")).toBe(false);
    expect(await s.heartbeats.get("weather")).toBeUndefined();
  });

  test("when one replica records a beat, then another replica on the same database reads it", async () => {
    if (!fx.reopen) return;
    const s = await fx.fresh();
    const other = await fx.reopen();
    await s.heartbeats.beat("weather", 1_700_000_000_000);
    expect(await other.heartbeats.get("weather")).toEqual({ name: "weather", lastBeat: 1_700_000_000_000 });
    await other.heartbeats.beat("weather", 1_700_000_001_000);
    expect((await s.heartbeats.get("weather"))?.lastBeat).toBe(1_700_000_001_000);
  });
});

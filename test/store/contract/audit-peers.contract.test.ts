import { describeEachAdapter } from "./adapters";

describeEachAdapter("audit and peers stores", (fx) => {
  test("when events are added, then list() returns them newest first, filtered by action and time, target and detail cut to size", async () => {
    const s = await fx.fresh();
    await s.audit.add({ actor: "a", action: "register", target: "x".repeat(400), outcome: "published", detail: "d".repeat(2000) }, 1_000);
    await s.audit.add({ actor: "b", action: "auth-rejected", target: "/discover", outcome: "invalid-token" }, 2_000);
    await s.audit.add({ actor: "c", action: "register", target: "y", outcome: "rejected" }, 3_000);
    const all = await s.audit.list({ limit: 10 });
    expect(all.map((e) => e.actor)).toEqual(["c", "b", "a"]);
    expect(all[2].target).toHaveLength(300);
    expect(all[2].detail).toHaveLength(1000);
    expect(all[1].detail).toBeUndefined();
    expect(all[1].ts).toBe(new Date(2_000).toISOString());
    expect((await s.audit.list({ limit: 10, action: "register" })).map((e) => e.actor)).toEqual(["c", "a"]);
    expect((await s.audit.list({ limit: 10, since: 2_000 })).map((e) => e.actor)).toEqual(["c", "b"]);
    expect((await s.audit.list({ limit: 1 })).map((e) => e.actor)).toEqual(["c"]);
  });

  test("when peers are saved, then all() keeps the order they were first added, a re-save replaces the token only, and remove reports what it did", async () => {
    const s = await fx.fresh();
    await s.peers.save({ url: "http://b.example", token: "tb" });
    await new Promise((r) => setTimeout(r, 5));
    await s.peers.save({ url: "http://a.example" });
    await s.peers.save({ url: "http://b.example" });
    expect(await s.peers.all()).toEqual([{ url: "http://b.example" }, { url: "http://a.example" }]);
    expect(await s.peers.remove("http://b.example")).toBe(true);
    expect(await s.peers.remove("http://b.example")).toBe(false);
    expect(await s.peers.all()).toEqual([{ url: "http://a.example" }]);
  });

  test("when peers' syncs are stored, then all() returns the latest one per URL, in URL order, and remove() drops one", async () => {
    const s = await fx.fresh();
    const big = JSON.stringify({ url: "http://b.example", entries: Array.from({ length: 500 }, (_, i) => ({ name: `t${i}`, description: "ü ".repeat(50) })) });
    await s.peerSync.save("http://b.example", '{"v":1}');
    await s.peerSync.save("http://a.example", '{"v":2}');
    await s.peerSync.save("http://b.example", big);
    expect(await s.peerSync.all()).toEqual(['{"v":2}', big]);
    await s.peerSync.remove("http://a.example");
    await s.peerSync.remove("http://a.example");
    expect(await s.peerSync.all()).toEqual([big]);
  });
});

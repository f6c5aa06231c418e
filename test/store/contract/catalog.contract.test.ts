import { describeEachAdapter } from "./adapters";
import { buildEntry } from "./builders";

describeEachAdapter("catalog store", (fx) => {
  test("when entries are stored, then all() returns them sorted by name in byte order, unchanged", async () => {
    const s = await fx.fresh();
    const entries = [buildEntry({ name: "b.x" }), buildEntry({ name: "B.y", server: "B", origin: "registered", executable: false }), buildEntry({ name: "a.z", tags: [] })];
    await s.catalog.replaceServer("b", [entries[0]]);
    await s.catalog.replaceServer("B", [entries[1]]);
    await s.catalog.replaceServer("a", [entries[2]]);
    const all = await s.catalog.all();
    expect(all.map((e) => e.name)).toEqual(["B.y", "a.z", "b.x"]);
    expect(all[1]).toEqual(entries[2]);
    expect(all[0].origin).toBe("registered");
    expect(all[0].executable).toBe(false);
    expect(Object.keys(all[2].inputSchema.properties as object)).toEqual(["z", "a"]);
  });

  test("when a server is replaced, then its old entries are gone and other servers' stay", async () => {
    const s = await fx.fresh();
    await s.catalog.replaceServer("a", [buildEntry({ name: "a.one" }), buildEntry({ name: "a.two" })]);
    await s.catalog.replaceServer("b", [buildEntry({ name: "b.one" })]);
    await s.catalog.replaceServer("a", [buildEntry({ name: "a.three", description: "new" })]);
    expect((await s.catalog.all()).map((e) => e.name)).toEqual(["a.three", "b.one"]);
    await s.catalog.replaceServer("a", []);
    expect((await s.catalog.all()).map((e) => e.name)).toEqual(["b.one"]);
  });

  test("when an entry keeps its server's definition, then it comes back unchanged (and stays absent where it was absent)", async () => {
    const s = await fx.fresh();
    const definition = { name: "t", title: "T", inputSchema: { type: "object" as const, properties: { z: {}, a: {} } }, annotations: { readOnlyHint: true }, _meta: { k: 1 } };
    await s.catalog.replaceServer("d", [buildEntry({ name: "d.t", definition }), buildEntry({ name: "d.u" })]);
    const [t, u] = await s.catalog.all();
    expect(t.definition).toEqual(definition);
    expect(Object.keys(t.definition?.inputSchema.properties ?? {})).toEqual(["z", "a"]);
    expect(u.definition).toBeUndefined();
  });

  test("when hosted servers are retained, then only unlisted hosted servers are removed, never registered ones", async () => {
    const s = await fx.fresh();
    await s.catalog.replaceServer("h1", [buildEntry({ name: "h1.t" })]);
    await s.catalog.replaceServer("h2", [buildEntry({ name: "h2.t" })]);
    await s.catalog.replaceServer("r", [buildEntry({ name: "r.t", origin: "registered" })]);
    await s.catalog.retainHostedServers(["h2"]);
    expect((await s.catalog.all()).map((e) => e.name)).toEqual(["h2.t", "r.t"]);
    await s.catalog.retainHostedServers([]);
    expect((await s.catalog.all()).map((e) => e.name)).toEqual(["r.t"]);
  });

  test("when a caller mutates an entry after storing or reading it, then the stored entry does not change", async () => {
    const s = await fx.fresh();
    const e = buildEntry({ name: "m.t" });
    await s.catalog.replaceServer("m", [e]);
    e.tags.push("mutated");
    (await s.catalog.all())[0].tags.push("mutated-too");
    expect((await s.catalog.all())[0].tags).toEqual(["a", "b"]);
  });

  test("when the database is reopened, then the entries are still there", async () => {
    if (!fx.reopen) return; // the memory fake lives in one process only
    const s = await fx.fresh();
    await s.catalog.replaceServer("p", [buildEntry({ name: "p.t" })]);
    await s.close();
    const again = await fx.reopen();
    expect((await again.catalog.all()).map((e) => e.name)).toEqual(["p.t"]);
  });
});

import { describeEachAdapter } from "./adapters";
import { buildRecord } from "./builders";

describeEachAdapter("records store", (fx) => {
  test("when records are added, then list() returns them newest first (ts, then insertion) with every field intact", async () => {
    const s = await fx.fresh();
    await s.records.add(buildRecord({ mcp_name: "a", ts: 120_000 }));
    await s.records.addBatch([buildRecord({ mcp_name: "b", ts: 60_000, success: false, cost: 0.5, error_class: "upstream", source: "partner" }), buildRecord({ mcp_name: "c", ts: 120_000 })]);
    const listed = await s.records.list({ limit: 10 });
    expect(listed.map((r) => r.mcp_name)).toEqual(["c", "a", "b"]);
    expect(listed[2]).toEqual(buildRecord({ mcp_name: "b", ts: 60_000, success: false, cost: 0.5, error_class: "upstream", source: "partner" }));
    expect(await s.records.count()).toBe(3);
  });

  test.each([
    [{ limit: 2 }, ["d", "c"]],
    [{ limit: 10, since: 120_000 }, ["d", "c", "b"]],
    [{ limit: 10, mcpName: "a" }, ["a"]],
    [{ limit: 10, since: 240_000, mcpName: "c" }, []],
  ])("when listing with %j, then exactly the matching records come back", async (query, names) => {
    const s = await fx.fresh();
    await s.records.addBatch(["a", "b", "c", "d"].map((n, i) => buildRecord({ mcp_name: n, ts: 60_000 * (i + 1) })));
    expect((await s.records.list(query)).map((r) => r.mcp_name)).toEqual(names);
  });

  test("when a batch holds one invalid record, then none of the batch is stored", async () => {
    const s = await fx.fresh();
    await expect(s.records.addBatch([buildRecord(), buildRecord({ mcp_name: null as unknown as string })])).rejects.toBeTruthy();
    expect(await s.records.count()).toBe(0);
  });

  test("when records were acknowledged and the stores closed, then another handle reads every one of them", async () => {
    if (!fx.reopen) return;
    const s = await fx.fresh();
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.records.add(buildRecord({ mcp_name: `t${i}` }))));
    await s.records.addBatch([buildRecord({ mcp_name: "batch" })]);
    const other = await fx.reopen();
    expect(await other.records.count()).toBe(51);
  });
});

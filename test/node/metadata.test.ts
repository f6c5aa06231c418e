import request from "supertest";
import { auth, startTestNode, type TestNode } from "../support/test-node";

const record = (overrides: Record<string, unknown> = {}) => ({ mcp_name: "s.tool", success: true, latency_ms: 12.5, ...overrides });

describe("/metadata", () => {
  let t: TestNode;
  beforeEach(async () => {
    t = await startTestNode({});
  });
  afterEach(() => t.close());
  const post = (body: unknown) => request(t.node.app).post("/metadata").set(auth()).send(body as object);
  const get = (query = "") => request(t.node.app).get(`/metadata${query}`).set(auth());

  test("when a batch is posted, then 204 and every record is stored under the token's id", async () => {
    const res = await post([record(), record({ success: false, cost: 0.5 }), record({ mcp_name: "x.y@peer:8000" })]);
    expect(res.status).toBe(204);
    const rows = (await get()).body;
    expect(rows).toHaveLength(3);
    expect(rows.every((r: { source: string }) => r.source === "federation")).toBe(true);
    expect(rows.map((r: { cost: number | null }) => r.cost)).toEqual([null, 0.5, null]);
    expect(rows[0]).toEqual({
      mcp_name: "x.y@peer:8000",
      success: true,
      latency_ms: 12.5,
      cost: null,
      ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/),
      source: "federation",
      error_class: null,
    });
  });

  test("when a batch holds 1000 records, then all are stored", async () => {
    expect((await post(Array.from({ length: 1000 }, (_, i) => record({ latency_ms: i })))).status).toBe(204);
    expect(await t.node.records.count()).toBe(1000);
  });

  test.each([
    ["one bad record among good ones", [record(), record(), { mcp_name: "s.t", success: "yes", latency_ms: 1 }]],
    ["a negative latency", [record({ latency_ms: -1 })]],
    ["an unknown field (a caller identity)", [record({ caller: "alice" })]],
    ["more than 1000 records", Array.from({ length: 1001 }, () => record())],
    ["an empty batch", []],
    ["an object instead of an array", record()],
    ["a non-finite latency", [record({ latency_ms: "NaN" })]],
  ])("when the batch has %s, then 400 and nothing at all is stored", async (_label, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/problem\+json/);
    expect(await t.node.records.count()).toBe(0);
  });

  test("when the body is not JSON, then 400; when it is too large, then 413; nothing stored", async () => {
    const bad = await request(t.node.app).post("/metadata").set(auth()).set("Content-Type", "application/json").send("[{oops");
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe("urn:mcpfed:problem:malformed-json");
    const huge = [record({ mcp_name: "a".repeat(128) })];
    const big = await request(t.node.app)
      .post("/metadata")
      .set(auth())
      .set("Content-Type", "application/json")
      .send(JSON.stringify(Array.from({ length: 9000 }, () => huge[0])));
    expect(big.status).toBe(413);
    expect(await t.node.records.count()).toBe(0);
  });

  test("when records are listed, then newest first, filtered by mcp_name and since, limited", async () => {
    await t.node.records.addBatch([
      { mcp_name: "a.old", success: true, latency_ms: 1, cost: null, ts: Date.parse("2026-01-01T00:00:00Z"), source: "local", error_class: null },
      { mcp_name: "a.new", success: true, latency_ms: 2, cost: null, ts: Date.parse("2026-06-01T00:00:00Z"), source: "local", error_class: null },
      { mcp_name: "b.new", success: false, latency_ms: 3, cost: 1, ts: Date.parse("2026-06-01T00:01:00Z"), source: "org", error_class: "upstream" },
    ]);
    expect((await get()).body.map((r: { mcp_name: string }) => r.mcp_name)).toEqual(["b.new", "a.new", "a.old"]);
    expect((await get("?limit=1")).body).toHaveLength(1);
    expect((await get("?mcp_name=a.old")).body.map((r: { mcp_name: string }) => r.mcp_name)).toEqual(["a.old"]);
    const since = await get(`?since=${encodeURIComponent("2026-03-01T00:00:00Z")}`);
    expect(since.body.map((r: { mcp_name: string }) => r.mcp_name)).toEqual(["b.new", "a.new"]);
  });

  test.each([["?limit=5001"], ["?limit=0"], ["?since=yesterday"], ["?mcp_name=bad%20name"], ["?other=1"]])(
    "when the query is %s, then 400",
    async (query) => {
      expect((await get(query)).status).toBe(400);
    },
  );
});

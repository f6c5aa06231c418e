import request from "supertest";
import { createStores } from "../../src/store/create-stores";
import { createMemoryStores } from "../../src/store/memory/memory-stores";
import { auth, startTestNode, testServerConfig } from "../support/test-node";

/** The in-memory fakes run the whole node: service tests need no database at all. */
describe("a node on the in-memory stores", () => {
  test("when it executes, ingests and is reloaded, then everything lands in the fakes", async () => {
    const stores = createMemoryStores();
    const t = await startTestNode({ mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) } }, { stores });
    try {
      expect((await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "test.ping", kwargs: {} })).status).toBe(200);
      expect((await request(t.node.app).post("/metadata").set(auth()).send([{ mcp_name: "x.y", success: true, latency_ms: 2 }])).status).toBe(204);
      await t.node.records.flush(); // execution records are batched: write them before reading the store itself
      expect((await stores.records.list({ limit: 10 })).map((r) => r.mcp_name).sort()).toEqual(["test.ping", "x.y"]);
      expect((await stores.catalog.all()).map((e) => e.name)).toEqual(["test.ping"]);
      expect((await request(t.node.app).post("/admin/reload").set(auth())).status).toBe(200);
      expect((await stores.audit.list({ limit: 5, action: "config-reload" })).map((e) => e.outcome)).toEqual(["reloaded"]);
    } finally {
      await t.close();
    }
  });

  test("when the db setting is memory:, then createStores gives fresh fakes each time", async () => {
    const [one, two] = await Promise.all([createStores("memory:"), createStores("memory:")]);
    await one.peers.save({ url: "http://a.example" });
    expect(await two.peers.all()).toEqual([]);
  });
});

import request from "supertest";
import { describePostgres } from "../store/contract/adapters";
import { countingServerConfig } from "../support/counting-server";
import { auth, startTestNode, waitFor, type TestNode } from "../support/test-node";

/** Each replica keeps its own cache; a tag invalidation on one reaches the others. */
describePostgres("result cache across replicas", ({ server }) => {
  let a: TestNode;
  let b: TestNode;
  beforeAll(async () => {
    const db = await server().createDatabase();
    const config = { node: { db }, mcpServers: { app: countingServerConfig({ cache: { ttl: "5m" } }) }, cache: { tools: { "app.write": { ttl: "5m", tags: ["w"] } } } };
    [a, b] = await Promise.all([startTestNode(config), startTestNode(config)]);
    await waitFor(() => a.node.catalog.get("app.lookup") !== undefined && b.node.catalog.get("app.lookup") !== undefined);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  const call = (n: TestNode, mcp_name: string) => request(n.node.app).post("/execute").set(auth()).send({ mcp_name, kwargs: { q: "r" } });

  test("when one replica invalidates a tag, then the other replica's entries with that tag are dropped too, and only those", async () => {
    for (const n of [a, b]) {
      await call(n, "app.write");
      await call(n, "app.lookup");
      expect((await call(n, "app.write")).headers["x-cache"]).toBe("hit");
    }
    const res = await request(a.node.app).post("/admin/cache/invalidate").set(auth()).send({ tags: ["w"] });
    expect(res.status).toBe(200);
    expect((await call(a, "app.write")).headers["x-cache"]).toBe("miss");
    // delivered on the other replica's LISTEN connection
    await waitFor(async () => (await call(b, "app.write")).headers["x-cache"] === "miss", 5_000, 100);
    expect((await call(b, "app.lookup")).headers["x-cache"]).toBe("hit");
  }, 30_000);
});

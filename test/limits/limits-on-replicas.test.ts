import request from "supertest";
import { describePostgres } from "../store/contract/adapters";
import { countingServerConfig, startOfMinute } from "../support/counting-server";
import { auth, startTestNode, waitFor, type TestNode } from "../support/test-node";

/** Two nodes on one PostgreSQL database share their call limits: a budget holds for the pair. */
describePostgres("call limits across replicas", ({ server }) => {
  let a: TestNode;
  let b: TestNode;
  beforeAll(async () => {
    const db = await server().createDatabase();
    const config = {
      node: { db },
      mcpServers: { app: countingServerConfig() },
      limits: { tools: { "app.*": { perMinute: 4 } }, tokens: { "feder*": { perMinute: 100 } } },
    };
    [a, b] = await Promise.all([startTestNode(config), startTestNode(config)]);
    await waitFor(() => a.node.catalog.get("app.write") !== undefined && b.node.catalog.get("app.write") !== undefined);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  test("when calls alternate between two replicas, then a tool glob's limit of 4 a minute holds for the pair", async () => {
    await startOfMinute();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request((i % 2 ? a : b).node.app).post("/execute").set(auth()).send({ mcp_name: "app.write", kwargs: { q: String(i) } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // the count is in the shared table, under the rule's key
    const { count } = await a.node.stores.counters.hit("calls:tool:app.*", 60_000);
    expect(count).toBe(7);
  }, 30_000);
});

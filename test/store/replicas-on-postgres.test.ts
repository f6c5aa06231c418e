import request from "supertest";
import { describePostgres } from "./contract/adapters";
import { ADMIN_TOKEN, auth, startTestNode, testServerConfig, waitFor, type TestNode } from "../support/test-node";

/** Two nodes on one PostgreSQL database behave as replicas of one node for what is stored. */
describePostgres("nodes on PostgreSQL", ({ server }) => {
  let a: TestNode;
  let b: TestNode;
  beforeAll(async () => {
    const db = await server().createDatabase();
    const config = { node: { db }, mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) } };
    [a, b] = await Promise.all([startTestNode(config), startTestNode(config)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  test("when records are posted to one replica, then the 204 means they are committed and the other replica lists them", async () => {
    const batch = [
      { mcp_name: "x.tool", success: true, latency_ms: 12 },
      { mcp_name: "x.tool", success: false, latency_ms: 30, cost: 0.2 },
    ];
    const before = await b.node.records.count();
    expect((await request(a.node.app).post("/metadata").set(auth()).send(batch)).status).toBe(204);
    expect(await b.node.stores.records.count()).toBe(before + 2);
    const listed = await request(b.node.app).get("/metadata?mcp_name=x.tool").set(auth());
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(2);
    expect(listed.body[0]).toMatchObject({ mcp_name: "x.tool", source: "federation" });
  });

  test("when a batch is invalid, then the replica answers 400 and nothing is stored anywhere", async () => {
    const before = await b.node.records.count();
    const res = await request(a.node.app).post("/metadata").set(auth()).send([{ mcp_name: "x", success: "yes", latency_ms: 1 }]);
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/problem\+json/);
    expect(await b.node.records.count()).toBe(before);
  });

  test("when a tool is executed on one replica, then its record reaches the shared store within the batch window", async () => {
    const before = (await a.node.records.list({ limit: 1000, mcpName: "test.ping" })).length;
    const res = await request(b.node.app).post("/execute").set(auth()).send({ mcp_name: "test.ping", kwargs: {} });
    expect(res.status).toBe(200);
    // execution records are written in batches at most 100 ms after the answer
    await waitFor(async () => (await a.node.records.list({ limit: 1000, mcpName: "test.ping" })).length > before, 2000);
    const [rec] = await a.node.records.list({ limit: 1, mcpName: "test.ping" });
    expect(rec).toMatchObject({ mcp_name: "test.ping", success: true, source: "local" });
  });

  test("when a peer is added on one replica, then it is stored for all, and the audit trail is shared", async () => {
    const res = await request(a.node.app).post("/peers").set(auth()).send({ url: "http://127.0.0.1:9/", token: "peer-token-0123456789" });
    expect(res.status).toBe(201);
    expect(await b.node.stores.peers.all()).toEqual([{ url: "http://127.0.0.1:9/", token: "peer-token-0123456789" }]);
    await request(b.node.app).get("/discover").set(auth("wrong-token"));
    // the rejection is audited behind the 401; read it from the other replica
    await waitFor(async () => (await request(a.node.app).get("/audit?action=auth-rejected").set(auth(ADMIN_TOKEN))).body.length > 0, 5_000);
  });
});

describePostgres("per-token limits across replicas", ({ server }) => {
  let a: TestNode;
  let b: TestNode;
  beforeAll(async () => {
    const db = await server().createDatabase();
    const config = { node: { db }, limits: { requestsPerMinute: 6, registerPerMinute: 60 } };
    [a, b] = await Promise.all([startTestNode(config), startTestNode(config)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  test("when one token alternates between two replicas, then the limit of 6 a minute holds for the pair, with Retry-After past it", async () => {
    // a minute boundary in the middle would reset the window: start early in a minute
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await request((i % 2 ? a : b).node.app).get("/discover").set(auth())).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.slice(6)).toEqual([429, 429, 429, 429]);
    const limited = await request(a.node.app).get("/discover").set(auth());
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  }, 30_000);
});


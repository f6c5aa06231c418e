import request from "supertest";
import { auth, startTestNode, testServerConfig, type TestNode } from "../support/test-node";

describe("GET /discover", () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ mcpServers: { test: testServerConfig({ tools: { exclude: ["secret-tool"] } }) } });
  });
  afterAll(() => t.close());
  const discover = (query = "") => request(t.node.app).get(`/discover${query}`).set(auth());

  test("when called, then every published tool is listed as server.tool with its schema", async () => {
    const res = await discover();
    expect(res.status).toBe(200);
    const names = res.body.map((e: { name: string }) => e.name);
    expect(names).toEqual(["test.add", "test.add-tool", "test.crash", "test.fail", "test.flood-lines", "test.flood-long", "test.ping", "test.sleep"]);
    expect(res.body[0]).toEqual({
      name: "test.add",
      description: "Adds two numbers",
      version: "1.2.3",
      server: "test",
      tags: [],
      capabilities: [],
      inputSchema: expect.objectContaining({ type: "object", required: ["a", "b"] }),
      executable: true,
      // a signing node adds each definition's digest and its verdict (ADR 0031)
      digest: expect.stringMatching(/^[\w-]{43}$/),
      governance: { decision: "operator" },
    });
  });

  test.each([
    ["?q=NUMBERS", ["test.add"]],
    ["?q=pong", ["test.ping"]],
    ["?capability=read-only", ["test.ping"]],
    ["?tag=none", []],
    ["?limit=2", ["test.add", "test.add-tool"]],
    ["?scope=local&q=sleep", ["test.sleep"]],
  ])("when the query is %s, then the listing is filtered", async (query, expected) => {
    const res = await discover(query);
    expect(res.status).toBe(200);
    expect(res.body.map((e: { name: string }) => e.name)).toEqual(expected);
  });

  test.each([["?limit=0"], ["?limit=1001"], ["?limit=abc"], ["?scope=galaxy"], ["?unknown=1"], ["?q=a&q=b"]])(
    "when the query is %s, then 400 with the field named",
    async (query) => {
      const res = await discover(query);
      expect(res.status).toBe(400);
      expect(res.body.errors.length).toBeGreaterThan(0);
      expect(res.body.errors[0].path).toMatch(/^query/);
    },
  );

  test("when If-None-Match carries the current ETag, then 304; after a change, 200 again", async () => {
    const first = await discover("?q=test");
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    const again = await discover("?q=test").set("If-None-Match", etag);
    expect(again.status).toBe(304);
    const otherQuery = await discover("?q=add").set("If-None-Match", etag);
    expect(otherQuery.status).toBe(200);
    await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "test.add-tool" });
    await new Promise((r) => setTimeout(r, 200));
    const changed = await discover("?q=test").set("If-None-Match", etag);
    expect(changed.status).toBe(200);
    expect(changed.body.map((e: { name: string }) => e.name)).toContain("test.extra");
  });

  test("when the route does not exist, then a 404 problem", async () => {
    const res = await request(t.node.app).get("/nope").set(auth());
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(/problem\+json/);
  });
});

import fc from "fast-check";
import request from "supertest";
import { auth, startTestNode, testServerConfig, type TestNode } from "../support/test-node";

/**
 * Property-based fuzzing of every route's body, query and headers: no input gets a 5xx, a
 * rejected request stores nothing, and the node is alive afterwards.
 */
describe("fuzzing every route", () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ mcpServers: { test: testServerConfig({ tools: { include: ["ping", "add"] } }) }, limits: { requestsPerMinute: 1_000_000 } });
  });
  afterAll(() => t.close());

  const stored = async () => ({
    records: await t.node.records.count(),
    catalog: t.node.catalog.size,
    submissions: await t.node.stores.submissions.count(),
    peers: t.node.engine.peers().length,
  });

  const json = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.record({ mcp_name: fc.oneof(fc.string(), fc.constantFrom("test.ping", "test.add", "x@127.0.0.1:1")), args: fc.anything({ maxDepth: 2 }), kwargs: fc.anything({ maxDepth: 2 }) }, { requiredKeys: [] }),
    fc.array(fc.record({ mcp_name: fc.string(), success: fc.anything(), latency_ms: fc.oneof(fc.double(), fc.integer(), fc.string()), cost: fc.anything() }, { requiredKeys: [] }), { maxLength: 5 }),
  );
  const query = fc.dictionary(
    fc.oneof(fc.constantFrom("q", "tag", "capability", "scope", "limit", "since", "mcp_name", "action"), fc.string({ maxLength: 8 })),
    fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constantFrom("federated", "local", "-1", "1e9", "2026-01-01T00:00:00Z")),
    { maxKeys: 4 },
  );
  const headerValue = fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s));

  const routes: [string, string][] = [
    ["GET", "/discover"],
    ["POST", "/execute"],
    ["POST", "/metadata"],
    ["GET", "/metadata"],
    ["POST", "/register"],
    ["GET", "/register/x"],
    ["POST", "/peers"],
    ["GET", "/audit"],
  ];

  test.each(routes)("%s %s never answers 5xx and stores nothing when it refuses", async (method, path) => {
    await fc.assert(
      fc.asyncProperty(json, query, headerValue, fc.boolean(), fc.constantFrom("application/json", "text/plain", "application/json; charset=latin1", "application/merge-patch+json"), async (body, q, junk, raw, type) => {
        const before = await stored();
        const qs = new URLSearchParams(q).toString();
        let req = method === "GET" ? request(t.node.app).get(`${path}?${qs}`) : request(t.node.app).post(`${path}?${qs}`);
        req = req.set(auth()).set("X-Request-Id", junk).set("Content-Type", type);
        const res = await (method === "POST" ? req.send(raw ? JSON.stringify(body) + junk : JSON.stringify(body) ?? "null") : req);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers["content-type"]).toMatch(/application\/problem\+json|application\/json/);
          expect(await stored()).toEqual(before);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  test("random Authorization headers get 401 and change nothing", async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, async (value) => {
        const before = await stored();
        const res = await request(t.node.app).post("/metadata").set("Authorization", value).send([{ mcp_name: "a.b", success: true, latency_ms: 1 }]);
        expect(res.status).toBe(401);
        expect(await stored()).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  test("after the fuzzing the node is alive and serving", async () => {
    expect((await request(t.node.app).get("/healthz")).body.status).toBe("ok");
    expect((await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "test.ping" })).status).toBe(200);
  });
});

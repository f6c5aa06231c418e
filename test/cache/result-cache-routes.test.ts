import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { countingServerConfig as counting } from "../support/counting-server";
import { ADMIN_TOKEN, auth, startTestNode, waitFor, type TestNode } from "../support/test-node";

const TOKEN_B = "cache-test-token-b-0123456789abcdef";
const VIEWER = "cache-test-viewer-0123456789abcdef";

const execute = (n: TestNode, mcp_name: string, kwargs: Record<string, unknown>, token = ADMIN_TOKEN) =>
  request(n.node.app).post("/execute").set(auth(token)).send({ mcp_name, kwargs });
const textOf = (res: request.Response) => String(res.body.result?.content?.[0]?.text);

describe("the result cache on /execute", () => {
  let n: TestNode;
  beforeAll(async () => {
    n = await startTestNode({
      mcpServers: { app: counting({ cache: { ttl: "60s" } }), other: counting() },
      cache: { tools: { "other.write": { ttl: "60s", tags: ["writes"] } } },
      tokens: [
        { id: "team-b", sha256: sha256Hex(TOKEN_B), scopes: ["execute", "discover"] },
        { id: "viewer", sha256: sha256Hex(VIEWER), scopes: ["discover"] },
      ],
      policies: [{ match: "app.*", tokens: ["team-b"], action: "deny", priority: 10 }],
    });
    await waitFor(() => n.node.catalog.get("app.lookup") !== undefined && n.node.catalog.get("other.write") !== undefined);
  }, 30_000);
  afterAll(async () => {
    await n?.close();
  });

  test("when a read-only tool is called twice with the same arguments, then the second answer is a hit that never reached the server", async () => {
    const first = await execute(n, "app.lookup", { q: "alpha", opts: { b: 1, a: 2 } });
    expect(first.status).toBe(200);
    expect(first.headers["x-cache"]).toBe("miss");
    // the same arguments in another key order are the same canonical arguments
    const second = await execute(n, "app.lookup", { opts: { a: 2, b: 1 }, q: "alpha" });
    expect(second.status).toBe(200);
    expect(second.headers["x-cache"]).toBe("hit");
    expect(textOf(second)).toBe(textOf(first));
    expect(second.body.result._meta["io.mcpfed/cache"]).toBe("hit");
    const other = await execute(n, "app.lookup", { q: "beta" });
    expect(other.headers["x-cache"]).toBe("miss");
    expect(textOf(other)).not.toBe(textOf(first));
  });

  test("when a tool is not read-only and not listed, then it is never cached and has no X-Cache header", async () => {
    const a = await execute(n, "app.write", { q: "x" });
    const b = await execute(n, "app.write", { q: "x" });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.headers["x-cache"]).toBeUndefined();
    expect(b.headers["x-cache"]).toBeUndefined();
    expect(textOf(b)).not.toBe(textOf(a));
  });

  test("when a tool is listed by a cache glob, then it is cached though not read-only; a read-only tool of a server without cache is not", async () => {
    const a = await execute(n, "other.write", { q: "x" });
    const b = await execute(n, "other.write", { q: "x" });
    expect([a.headers["x-cache"], b.headers["x-cache"]]).toEqual(["miss", "hit"]);
    expect(textOf(b)).toBe(textOf(a));
    const c = await execute(n, "other.lookup", { q: "x" });
    const d = await execute(n, "other.lookup", { q: "x" });
    expect(d.headers["x-cache"]).toBeUndefined();
    expect(textOf(d)).not.toBe(textOf(c));
  });

  test("when a read-only tool answers with a tool error, then the error is not cached", async () => {
    const a = await execute(n, "app.flaky", { q: "x" });
    const b = await execute(n, "app.flaky", { q: "x" });
    expect(a.body.result.isError).toBe(true);
    expect([a.headers["x-cache"], b.headers["x-cache"]]).toEqual(["miss", "miss"]);
    expect(textOf(b)).not.toBe(textOf(a));
  });

  test("when another token calls with the same arguments, then it does not get the first token's entry", async () => {
    await n.node.reload("test"); // start from an empty cache
    const a = await execute(n, "other.write", { q: "shared" });
    const b = await execute(n, "other.write", { q: "shared" }, TOKEN_B);
    expect(b.status).toBe(200);
    expect([a.headers["x-cache"], b.headers["x-cache"]]).toEqual(["miss", "miss"]);
    expect(textOf(b)).not.toBe(textOf(a));
    expect((await execute(n, "other.write", { q: "shared" }, TOKEN_B)).headers["x-cache"]).toBe("hit");
  });

  test("when a token may not call a tool (scope or policy), then a cached answer is not served to it", async () => {
    await execute(n, "app.lookup", { q: "guarded" });
    expect((await execute(n, "app.lookup", { q: "guarded" })).headers["x-cache"]).toBe("hit");
    const denied = await execute(n, "app.lookup", { q: "guarded" }, TOKEN_B);
    expect(denied.status).toBe(403);
    expect(denied.body.type).toBe("urn:mcpfed:problem:policy-denied");
    expect(denied.headers["x-cache"]).toBeUndefined();
    // the policy table changes under a cached answer: the table decides before the cache
    const policy = n.node.mcp.policy;
    if (!policy) throw new Error("the node has a policy table");
    policy.replace([{ match: "app.lookup", tokens: ["federation"], action: "deny", priority: 100 }]);
    try {
      expect((await execute(n, "app.lookup", { q: "guarded" })).status).toBe(403);
    } finally {
      policy.replace([{ match: "app.*", tokens: ["team-b"], action: "deny", priority: 10 }]);
    }
    expect((await execute(n, "app.lookup", { q: "guarded" })).headers["x-cache"]).toBe("hit");
    const noScope = await execute(n, "app.lookup", { q: "guarded" }, VIEWER);
    expect(noScope.status).toBe(403);
    expect(noScope.body.result).toBeUndefined();
  });

  test("when entries are invalidated by tag, then the next call is a miss; the route needs admin and valid tags", async () => {
    await execute(n, "other.write", { q: "tagged" });
    await execute(n, "app.lookup", { q: "tagged" });
    expect((await execute(n, "other.write", { q: "tagged" })).headers["x-cache"]).toBe("hit");

    const forbidden = await request(n.node.app).post("/admin/cache/invalidate").set(auth(TOKEN_B)).send({ tags: ["writes"] });
    expect(forbidden.status).toBe(403);
    expect((await execute(n, "other.write", { q: "tagged" })).headers["x-cache"]).toBe("hit");
    const bad = await request(n.node.app).post("/admin/cache/invalidate").set(auth()).send({ tags: [] });
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/problem\+json/);
    expect((await request(n.node.app).post("/admin/cache/invalidate").set(auth()).send({ tags: ["x y"] })).status).toBe(400);

    const done = await request(n.node.app).post("/admin/cache/invalidate").set(auth()).send({ tags: ["writes"] });
    expect(done.status).toBe(200);
    expect(done.body.invalidated).toBeGreaterThanOrEqual(1);
    expect((await execute(n, "other.write", { q: "tagged" })).headers["x-cache"]).toBe("miss");
    // another tag's entries stay; a server's name is a tag of its tools
    expect((await execute(n, "app.lookup", { q: "tagged" })).headers["x-cache"]).toBe("hit");
    await request(n.node.app).post("/admin/cache/invalidate").set(auth()).send({ tags: ["app"] });
    expect((await execute(n, "app.lookup", { q: "tagged" })).headers["x-cache"]).toBe("miss");
    const audited = await request(n.node.app).get("/audit?action=cache-invalidate").set(auth());
    expect(audited.body[0]).toMatchObject({ action: "cache-invalidate", target: "app" });
  });

  test("when a tool's definition changes, then answers cached for the old definition are not served", async () => {
    await execute(n, "app.lookup", { q: "defn" });
    expect((await execute(n, "app.lookup", { q: "defn" })).headers["x-cache"]).toBe("hit");
    const before = n.node.catalog.get("app.lookup")?.entry.description;
    expect((await execute(n, "app.redefine", {})).status).toBe(200);
    await waitFor(() => n.node.catalog.get("app.lookup")?.entry.description !== before);
    expect((await execute(n, "app.lookup", { q: "defn" })).headers["x-cache"]).toBe("miss");
    expect((await execute(n, "app.lookup", { q: "defn" })).headers["x-cache"]).toBe("hit");
  });

  test("when calls hit and miss, then the metrics count them", async () => {
    // the registry itself: the /metrics page is rendered at most once a second
    const metric = async (name: string) => (await n.node.metrics.registry.getSingleMetric(name)?.get())?.values[0]?.value ?? NaN;
    const [hits, misses] = [await metric("mcpfed_cache_hits_total"), await metric("mcpfed_cache_misses_total")];
    await execute(n, "app.lookup", { q: "metrics" });
    await execute(n, "app.lookup", { q: "metrics" });
    await execute(n, "app.lookup", { q: "metrics" });
    expect(await metric("mcpfed_cache_hits_total")).toBe(hits + 2);
    expect(await metric("mcpfed_cache_misses_total")).toBe(misses + 1);
  });
});

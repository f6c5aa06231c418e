import { createHash } from "node:crypto";
import pino from "pino";
import request from "supertest";
import { createNode } from "../../src/node/create-node";
import { AssertionCache } from "../../src/trust/assertion-cache";
import { auth, buildConfig, startListeningNode, tempDir, testServerConfig } from "../support/test-node";

const ADMIN = "assertion-admin-token-0123456789";

describe("a node calls partners with its own short-lived assertions", () => {
  let a: Awaited<ReturnType<typeof createNode>>; // no shared token: it has nothing static to send
  let aUrl: string;
  let temp: { dir: string; cleanup: () => void };
  let b: Awaited<ReturnType<typeof startListeningNode>>; // admits org-a as a partner by its JWKS

  beforeAll(async () => {
    temp = tempDir();
    const config = { ...buildConfig(temp.dir, { node: { name: "org-a" }, tokens: [{ id: "admin", sha256: createHash("sha256").update(ADMIN).digest("hex"), scopes: ["admin", "discover", "execute"] }] }) };
    delete (config as { sharedToken?: string }).sharedToken;
    a = await createNode(config, { logger: pino({ level: "silent" }), engine: { timeoutMs: 2000, retries: 0, failureLimit: 5, probeIntervalMs: 60_000 } });
    await a.start();
    aUrl = (await a.listen()).url;
    b = await startListeningNode({
      node: { name: "org-b" },
      mcpServers: { test: testServerConfig() },
      partners: [{ id: "org-a", jwksUrl: `${aUrl}/.well-known/jwks.json`, scopes: ["discover", "execute", "metadata:read"] }],
    });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.close()]);
    temp?.cleanup();
  });

  test("when a peer without a token is added, then its catalog and its tools are reached with org-a's assertion", async () => {
    const added = await request(a.app).post("/peers").set(auth(ADMIN)).send({ url: b.url });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ state: "online", trust: { status: "verified" } });
    const res = await request(a.app).post("/execute").set(auth(ADMIN)).send({ mcp_name: `test.add@${b.host}`, kwargs: { a: 2, b: 3 } });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.result)).toContain("5");
  });

  test("when the partner does not list org-a, then the same assertion is refused (the admission is real)", async () => {
    const stranger = await startListeningNode({ node: { name: "org-c" }, mcpServers: { test: testServerConfig() }, partners: [] });
    try {
      const added = await request(a.app).post("/peers").set(auth(ADMIN)).send({ url: stranger.url });
      expect(added.status).toBe(201);
      expect(added.body.state).not.toBe("online");
      expect(added.body.lastError).toMatch(/401/);
    } finally {
      await request(a.app).delete(`/peers/${stranger.host}`).set(auth(ADMIN));
      await stranger.close();
    }
  });
});

describe("AssertionCache", () => {
  test("when asked again before renewal, then the same assertion is reused; after, a new one is signed", async () => {
    let now = 1_000_000;
    let signed = 0;
    const cache = new AssertionCache(async (o) => `${o.audience}#${++signed}#${o.ttlSec}`, { ttlSec: 300, renewBeforeSec: 60, now: () => now });
    const [x, y] = await Promise.all([cache.get("https://b.example/"), cache.get("https://b.example")]);
    expect(x).toBe("https://b.example#1#300");
    expect(y).toBe(x);
    now += 239_000;
    expect(await cache.get("https://b.example")).toBe(x);
    now += 2_000;
    expect(await cache.get("https://b.example")).toBe("https://b.example#2#300");
    expect(await cache.get("https://c.example")).toBe("https://c.example#3#300");
  });

  test("when signing fails, then the failure is not cached", async () => {
    let fail = true;
    const cache = new AssertionCache(async () => {
      if (fail) throw new Error("no key");
      return "ok";
    });
    await expect(cache.get("https://b.example")).rejects.toThrow("no key");
    fail = false;
    await new Promise((r) => setImmediate(r));
    expect(await cache.get("https://b.example")).toBe("ok");
  });
});

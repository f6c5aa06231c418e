import { request as httpRequest } from "node:http";
import express from "express";
import pino from "pino";
import request from "supertest";
import { sha256Hex } from "../../../src/auth/tokens";
import type { Scope } from "../../../src/config/config-schema";
import { FederatedEngine, type LocalTool } from "../../../src/engine";
import { errorMiddleware } from "../../../src/node/error-middleware";
import { CircuitBreaker } from "../../../src/util/circuit-breaker";
import { ADMIN_TOKEN, auth, startListeningNode, startTestNode, testServerConfig, type TestNode } from "../../support/test-node";

/**
 * Issue 12 lists hand-made mutants of security-relevant lines that survived the suite. Each
 * test here names the line it guards; each was checked by mutating that line and seeing it fail.
 */

const tokenFor = (scope: string) => `mutant-${scope.replace(":", "-")}-token-0000000000`;
const SCOPED: Scope[] = ["discover", "execute", "metrics", "admin", "register", "metadata:write"];

describe("requireScope with alternates (auth.ts requireScope)", () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({
      node: { metricsAuth: true },
      mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) },
      tokens: SCOPED.map((s) => ({ id: `only-${s.replace(":", "-")}`, sha256: sha256Hex(tokenFor(s)), scopes: [s] })),
    });
  });
  afterAll(() => t.close());

  // GET /metrics needs metrics OR admin; /mcp needs discover OR execute
  test.each([
    ["metrics", "GET /metrics", 200],
    ["admin", "GET /metrics", 200],
    ["discover", "GET /metrics", 403],
    ["execute", "GET /metrics", 403],
    ["discover", "POST /mcp", 200],
    ["execute", "POST /mcp", 200],
    ["metrics", "POST /mcp", 403],
    ["register", "POST /mcp", 403],
  ])("when a token holds only %s, then %s answers %d", async (scope, route, status) => {
    const req =
      route === "GET /metrics"
        ? request(t.node.app).get("/metrics")
        : request(t.node.app)
            .post("/mcp")
            .set("Accept", "application/json, text/event-stream")
            .send({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
    const res = await req.set(auth(tokenFor(scope)));
    expect(res.status).toBe(status);
    if (status === 403) expect(res.headers["www-authenticate"]).toMatch(/insufficient_scope/);
  });

  test.each([["discover"], ["execute"], ["register"], ["metadata:write"], ["metrics"]])(
    "when a token holding only %s posts /peers, then 403 and no peer is added (peers-router POST /peers)",
    async (scope) => {
      const res = await request(t.node.app).post("/peers").set(auth(tokenFor(scope))).send({ url: "http://127.0.0.1:9/" });
      expect(res.status).toBe(403);
      expect(t.node.engine.peers()).toHaveLength(0);
      expect((await request(t.node.app).delete("/peers/127.0.0.1:9").set(auth(tokenFor(scope)))).status).toBe(403);
    },
  );
});

describe("the generic 500 (error-middleware.ts)", () => {
  test("when a handler throws an unknown error, then the body says nothing of it and the log keeps the stack", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "error" }, { write: (l: string) => void lines.push(l) });
    const app = express();
    app.get("/boom", () => {
      throw new Error("db password is hunter2 at /srv/secret/path.ts");
    });
    app.use(errorMiddleware(logger));
    const res = await request(app).get("/boom?x=1");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ type: "urn:mcpfed:problem:internal", title: "Internal Server Error", status: 500, detail: "An unexpected error occurred.", instance: "/boom" });
    expect(res.text).not.toMatch(/hunter2|secret|at /);
    expect(lines.join("")).toContain("hunter2");
  });
});

describe("peer records (engine ingestRemote and peer record dedup)", () => {
  type Listening = Awaited<ReturnType<typeof startListeningNode>>;
  let b: Listening;
  let a: Listening;
  const observed = () => a.node.engine.rank({ limit: 100 }).find((r) => r.id === `test.ping@${b.host}`)!.objectives.observations;
  beforeAll(async () => {
    b = await startListeningNode({ mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) } });
    a = await startListeningNode({ peers: [{ url: b.url, token: ADMIN_TOKEN }] });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  test("when a peer's records are pulled again and again, then each counts once; new ones are added", async () => {
    for (let i = 0; i < 3; i++) expect((await request(b.node.app).post("/execute").set(auth()).send({ mcp_name: "test.ping" })).status).toBe(200);
    await a.node.engine.refresh();
    expect(observed()).toBe(3);
    await a.node.engine.refresh();
    await a.node.engine.refresh();
    expect(observed()).toBe(3);
    for (let i = 0; i < 2; i++) await request(b.node.app).post("/execute").set(auth()).send({ mcp_name: "test.ping" });
    await a.node.engine.refresh();
    expect(observed()).toBe(5);
  });

  test("when a peer holds records uploaded by a third party, then they do not count as the peer's own", async () => {
    const before = observed();
    const uploads = Array.from({ length: 40 }, () => ({ mcp_name: "test.ping", success: false, latency_ms: 9000 }));
    expect((await request(b.node.app).post("/metadata").set(auth()).send(uploads)).status).toBe(204);
    await a.node.engine.refresh();
    expect(observed()).toBe(before);
  });
});

describe("the success objective's direction (objectives.ts toMinimisation)", () => {
  test("when two tools differ only in success, then the reliable one is in the first front", () => {
    const tool = (name: string): LocalTool => ({ name, description: name, version: "1", tags: [], capabilities: [], inputSchema: {}, executable: true, trust: 1, cost: 0 });
    const engine = new FederatedEngine({ localTools: () => [tool("s.flaky"), tool("s.solid")] });
    for (let i = 0; i < 50; i++) {
      engine.observe({ mcp_name: "s.solid", success: true, latency_ms: 100, cost: 0 });
      engine.observe({ mcp_name: "s.flaky", success: i % 5 === 0, latency_ms: 100, cost: 0 });
    }
    const ranked = engine.rank();
    expect(ranked.map((r) => [r.id, r.front])).toEqual([
      ["s.solid", 0],
      ["s.flaky", 1],
    ]);
  });
});

describe("the half-open breaker (circuit-breaker.ts)", () => {
  test("when the open time has passed, then exactly one probe goes through; its failure re-opens, its success closes", () => {
    let now = 0;
    const breaker = new CircuitBreaker("upstream", { failureThreshold: 2, openMs: 1000, now: () => now });
    breaker.before();
    breaker.failure();
    breaker.before();
    breaker.failure();
    expect(breaker.state).toBe("open");
    expect(() => breaker.before()).toThrow(/open/);
    now = 999;
    expect(() => breaker.before()).toThrow(/open/);
    now = 1000;
    expect(breaker.state).toBe("half-open");
    expect(() => breaker.before()).not.toThrow();
    // a second caller while the probe is in flight is refused
    expect(() => breaker.before()).toThrow(/open/);
    breaker.failure();
    expect(breaker.state).toBe("open");
    expect(() => breaker.before()).toThrow(/open/);
    now = 2000;
    breaker.before();
    breaker.success();
    expect(breaker.state).toBe("closed");
    breaker.before();
    breaker.failure();
    expect(breaker.state).toBe("closed");
  });
});

describe("the streaming body limit (json-body.ts)", () => {
  let node: Awaited<ReturnType<typeof startListeningNode>>;
  beforeAll(async () => {
    node = await startListeningNode({ node: { bodyLimit: "1kb" }, mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) } });
  });
  afterAll(() => node.close());

  const chunked = (chunks: string[]) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${node.url}/metadata`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked", Authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      req.on("response", (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      for (const c of chunks) req.write(c);
      req.end();
    });

  test("when a chunked body (no Content-Length) grows past the limit, then 413 and nothing is stored", async () => {
    const before = await node.node.records.count();
    const record = JSON.stringify({ mcp_name: "test.ping", success: true, latency_ms: 1 });
    const chunks = ["[", ...Array.from({ length: 60 }, (_, i) => (i === 0 ? record : `,${record}`)), "]"];
    const res = await chunked(chunks);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ status: 413, type: "urn:mcpfed:problem:payload-too-large" });
    expect(await node.node.records.count()).toBe(before);
  });

  test("when a chunked body stays under the limit, then it is accepted", async () => {
    const record = JSON.stringify({ mcp_name: "test.ping", success: true, latency_ms: 1 });
    expect((await chunked(["[", record, "]"])).status).toBe(204);
  });
});

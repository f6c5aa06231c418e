import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import pino from "pino";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { NodeConfigSchema, type NodeConfigInput } from "../../src/config/config-schema";
import { createNode, type McpfedNode } from "../../src/node/create-node";
import { countingServerConfig, startOfMinute } from "../support/counting-server";
import { ADMIN_TOKEN, auth, buildConfig, tempDir, waitFor } from "../support/test-node";

const TEAM_B = "limits-team-b-0123456789abcdef0000";
const TEAM_C = "limits-team-c-0123456789abcdef0000";
const TEAM_D = "limits-team-d-0123456789abcdef0000";

describe("call limits per tool glob, per token and per client address", () => {
  const { dir, cleanup } = tempDir();
  const base = (limits: NodeConfigInput["limits"]): NodeConfigInput => ({
    mcpServers: { app: countingServerConfig({ cache: { ttl: "60s" } }), other: countingServerConfig(), direct: countingServerConfig() },
    tokens: [
      { id: "team-b", sha256: sha256Hex(TEAM_B), scopes: ["discover", "execute"] },
      { id: "team-c", sha256: sha256Hex(TEAM_C), scopes: ["discover", "execute"] },
      { id: "team-d", sha256: sha256Hex(TEAM_D), scopes: ["discover", "execute"] },
    ],
    limits,
  });
  const LIMITS = {
    tools: { "app.write": { perMinute: 2 }, "other.*": { perMinute: 3 }, "app.flaky": { perMinute: 2 }, "direct.*": { perMinute: 3 } },
    tokens: { "team-*": { perMinute: 3 } },
    ipPerMinute: 3,
  };
  let current = buildConfig(dir, base(LIMITS));
  let node: McpfedNode;
  let url: string;
  let client: Client | undefined;

  beforeAll(async () => {
    node = await createNode(current, { logger: pino({ level: "silent" }), reloadConfig: () => current });
    url = (await node.listen()).url;
    await waitFor(() => node.catalog.get("app.write") !== undefined && node.catalog.get("other.write") !== undefined && node.catalog.get("direct.write") !== undefined);
  }, 30_000);
  afterAll(async () => {
    await client?.close();
    await node?.stop();
    cleanup();
  });
  beforeEach(() => startOfMinute(), 20_000);

  const execute = (mcp_name: string, kwargs: Record<string, unknown> = {}, token = ADMIN_TOKEN) =>
    request(node.app).post("/execute").set(auth(token)).send({ mcp_name, kwargs });
  const upstreamCalls = async () => Number((await execute("app.calls")).body.result.content[0].text);

  test("when a tool passes its per-minute limit, then the call is 429 with Retry-After and never reaches the server", async () => {
    expect((await execute("app.write", { q: "1" })).status).toBe(200);
    expect((await execute("app.write", { q: "2" })).status).toBe(200);
    const before = await upstreamCalls();
    const refused = await execute("app.write", { q: "3" });
    expect(refused.status).toBe(429);
    expect(refused.headers["content-type"]).toMatch(/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, type: "urn:mcpfed:problem:rate-limited" });
    expect(refused.body.detail).toMatch(/app\.write/);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(await upstreamCalls()).toBe(before);
    // another tool of the same server has no limit
    expect((await execute("app.lookup", { q: "free" })).status).toBe(200);
  });

  test("when tools match a server glob, then they share one budget", async () => {
    const statuses = [];
    for (const tool of ["other.write", "other.lookup", "other.write", "other.lookup"]) statuses.push((await execute(tool, { q: "x" })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  test("when a token glob has a limit, then each matching token has its own budget and other tokens none", async () => {
    const b = [];
    for (let i = 0; i < 4; i++) b.push((await execute("app.lookup", { q: `b${i}` }, TEAM_B)).status);
    expect(b).toEqual([200, 200, 200, 429]);
    expect((await execute("app.lookup", { q: "c" }, TEAM_C)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await execute("app.lookup", { q: `admin${i}` })).status).toBe(200);
  });

  test("when an answer would come from the cache, then the call still counts toward the limits", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await execute("app.lookup", { q: "same" }, TEAM_D);
      statuses.push(`${res.status}:${res.headers["x-cache"] ?? "-"}`);
    }
    expect(statuses).toEqual(["200:miss", "200:hit", "200:hit", "429:-"]);
  });

  test("when a tools/call on /mcp passes a limit, then the answer is an isError result carrying 429", async () => {
    client = new Client({ name: "limits-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } }));
    const results: CallToolResult[] = [];
    // flaky answers with a tool error itself: only the third call is refused by the limit
    for (let i = 0; i < 3; i++) results.push((await client.callTool({ name: "app__flaky", arguments: { q: "x" } })) as CallToolResult);
    expect(results.map((r) => r.isError === true)).toEqual([true, true, true]);
    expect(results.map((r) => r._meta?.["io.mcpfed/status"])).toEqual([undefined, undefined, 429]);
    expect(results[2]._meta).toMatchObject({ "io.mcpfed/status": 429, "io.mcpfed/code": "rate-limited" });
    // a cacheable call on /mcp says whether it was served from the cache
    const first = (await client.callTool({ name: "app__lookup", arguments: { q: "mcp" } })) as CallToolResult;
    const second = (await client.callTool({ name: "app__lookup", arguments: { q: "mcp" } })) as CallToolResult;
    expect([first._meta?.["io.mcpfed/cache"], second._meta?.["io.mcpfed/cache"]]).toEqual(["miss", "hit"]);
    expect(second.content).toEqual(first.content);
  });

  test("when a tools/call on a pass-through endpoint /mcp/<server> passes a limit, then it is a JSON-RPC error saying 429", async () => {
    const direct = new Client({ name: "limits-test-direct", version: "1.0.0" });
    await direct.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp/direct`), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } }));
    try {
      // direct.* is a budget of 3 a minute
      const outcomes = [];
      for (let i = 0; i < 4; i++) {
        outcomes.push(
          await direct.callTool({ name: "write", arguments: { q: String(i) } }).then(
            () => "ok",
            (err: Error) => err.message,
          ),
        );
      }
      expect(outcomes.slice(0, 3)).toEqual(["ok", "ok", "ok"]);
      expect(outcomes[3]).toMatch(/429 rate-limited: the tool limit direct\.\* of 3 calls a minute/);
    } finally {
      await direct.close();
    }
  }, 20_000);

  test("when a client without credentials passes the per-address limit, then a public route is 429; with a token it is not", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(node.app).get("/healthz")).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await request(node.app).get("/healthz");
    expect(limited.headers["content-type"]).toMatch(/problem\+json/);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect((await request(node.app).get("/healthz").set(auth())).status).toBe(200);
    // an unauthenticated request to a protected route counts as well (no token guessing past it)
    expect((await request(node.app).get("/discover")).status).toBe(429);
    const rendered = await node.metrics.registry.getSingleMetric("mcpfed_rate_limited_total")?.get();
    expect(rendered?.values.find((v) => v.labels.limit === "ip")?.value).toBeGreaterThan(0);
  });

  test("when the limits are reloaded, then the new budgets apply at once", async () => {
    while ((await execute("app.write", { q: "fill" })).status === 200);
    expect((await execute("app.write", { q: "x" })).status).toBe(429);
    current = buildConfig(dir, base({ ...LIMITS, tools: { "app.write": { perMinute: 1000 } } }));
    expect((await request(node.app).post("/admin/reload").set(auth())).status).toBe(200);
    expect((await execute("app.write", { q: "x" })).status).toBe(200);
  });

  test("when a limit is invalid, then the configuration is refused naming it", () => {
    expect(() => buildConfig(dir, base({ tools: { "app.*": { perMinute: 0 } } }))).toThrow(/perMinute/);
    expect(() => buildConfig(dir, base({ tokens: { "x": { perMinute: 1, burst: 2 } } as never }))).toThrow(/burst/);
  });
});

describe("the per-address limit on a node without tokens (open mode, loopback only)", () => {
  const { dir, cleanup } = tempDir();
  let node: McpfedNode;
  beforeAll(async () => {
    const config = NodeConfigSchema.parse({
      node: { name: "open", port: 0, db: `${dir}/mcpfed.db` },
      mcpServers: { app: countingServerConfig() },
      limits: { ipPerMinute: 2 },
    });
    node = await createNode(config, { logger: pino({ level: "silent" }) });
    await node.start();
    await waitFor(() => node.catalog.get("app.write") !== undefined);
  }, 30_000);
  afterAll(async () => {
    await node?.stop();
    cleanup();
  });

  test("when calls come without credentials, then /execute is limited per client address", async () => {
    await startOfMinute();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(node.app).post("/execute").send({ mcp_name: "app.write", kwargs: { q: String(i) } })).status);
    expect(statuses).toEqual([200, 200, 429]);
  }, 30_000);
});

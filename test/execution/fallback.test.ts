import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import type { NodeConfigInput } from "../../src/config/config-schema";
import { loadConfig } from "../../src/config/load-config";
import { AppError, CancelledError, NotFoundError, UnavailableError, UpstreamTimeoutError, ValidationError } from "../../src/errors";
import { callWithFallback, MAX_FALLBACK_ATTEMPTS, SERVED_BY_META } from "../../src/execution/fallback-runner";
import { FallbackSchema } from "../../src/execution/fallback-schema";
import { FallbackTable } from "../../src/execution/fallback-table";
import { createNode, type McpfedNode } from "../../src/node/create-node";
import { startFlakyServer, type FlakyServer } from "../support/flaky-server";
import { ADMIN_TOKEN, auth, buildConfig, startListeningNode, tempDir, testServerConfig, waitFor } from "../support/test-node";

describe("FallbackTable", () => {
  const table = new FallbackTable({
    "app.search": ["ext.search", "app.search", "ext.search", "search.query@partner.example"],
    "app.*": ["ext.any"],
    "*@partner.example": ["app.search"],
  });

  test.each([
    ["app.search", ["ext.search", "search.query@partner.example"]],
    ["app.other", ["ext.any"]],
    ["find@partner.example", ["app.search"]],
    ["zzz.none", []],
  ])("when %s fails, then the candidates are %j", (id, expected) => {
    expect(table.candidatesFor(id)).toEqual(expected);
  });

  test("when the table is replaced, then the old lists are gone", () => {
    const t = new FallbackTable({ "a.b": ["c.d"] });
    t.replace({ "x.*": ["y.z"] });
    expect(t.candidatesFor("a.b")).toEqual([]);
    expect(t.candidatesFor("x.q")).toEqual(["y.z"]);
  });

  test("when a candidate is not a tool id, then the config is refused", () => {
    expect(FallbackSchema.safeParse({ "a.b": ["not a tool"] }).success).toBe(false);
    expect(FallbackSchema.safeParse({ "a.b": [] }).success).toBe(false);
    expect(FallbackSchema.safeParse({ "a.b": ["c.d", "e.f@partner.example:8443"] }).success).toBe(true);
  });
});

describe("callWithFallback", () => {
  const unavailable = () => new UnavailableError("down", 1);
  const run = (failing: (id: string) => AppError | undefined, candidates: string[], signal?: AbortSignal) => {
    const tried: string[] = [];
    const promise = callWithFallback(
      {
        id: "p.t",
        signal,
        attempt: async (id) => {
          tried.push(id);
          const err = failing(id);
          if (err) throw err;
          return { content: [{ type: "text", text: id }] };
        },
      },
      { table: new FallbackTable({ "p.t": candidates }) },
    );
    return { tried, promise };
  };

  test("when every candidate fails, then at most MAX_FALLBACK_ATTEMPTS are called and the primary's error is thrown", async () => {
    const primary = new UpstreamTimeoutError("primary timed out");
    const { tried, promise } = run((id) => (id === "p.t" ? primary : unavailable()), Array.from({ length: 12 }, (_, i) => `c.t${i}`));
    await expect(promise).rejects.toBe(primary);
    expect(tried).toHaveLength(1 + MAX_FALLBACK_ATTEMPTS);
  });

  test.each([
    [new ValidationError("bad"), 400],
    [new NotFoundError("no"), 404],
    [new CancelledError("gone"), 499],
  ])("when the primary fails with %s, then no candidate is tried", async (err, status) => {
    const { tried, promise } = run(() => err, ["c.t"]);
    await expect(promise).rejects.toMatchObject({ status });
    expect(tried).toEqual(["p.t"]);
  });

  test("when the caller hung up, then a 503 does not fall back", async () => {
    const hangUp = new AbortController();
    hangUp.abort();
    const { tried, promise } = run(() => unavailable(), ["c.t"], hangUp.signal);
    await expect(promise).rejects.toMatchObject({ status: 503 });
    expect(tried).toEqual(["p.t"]);
  });

  test("when a candidate answers 4xx, then it is skipped and the next one serves", async () => {
    const { tried, promise } = run((id) => (id === "p.t" ? unavailable() : id === "c.a" ? new ValidationError("schema") : undefined), ["c.a", "c.b"]);
    await expect(promise).resolves.toMatchObject({ _meta: { [SERVED_BY_META]: "c.b" } });
    expect(tried).toEqual(["p.t", "c.a", "c.b"]);
  });
});

const ALICE = "fallback-alice-token-000000000000001";
const BOB = "fallback-bob-token-00000000000000000002";
const SERVED_BY = "x-mcpfed-served-by";

describe("fallback on a node, when the primary server is killed", () => {
  const { dir, cleanup } = tempDir();
  let primary: FlakyServer;
  let backup: FlakyServer;
  let current: ReturnType<typeof buildConfig>;
  let node: McpfedNode;
  let url: string;
  const base = (fallback: NodeConfigInput["fallback"]): NodeConfigInput => ({
    mcpServers: { primary: { type: "http", url: primary.url }, backup: { type: "http", url: backup.url } },
    tokens: [
      { id: "alice", sha256: sha256Hex(ALICE), scopes: ["discover", "execute"] },
      { id: "partner-bob", sha256: sha256Hex(BOB), scopes: ["discover", "execute"] },
    ],
    policies: [
      { match: "backup.write", tokens: ["partner-*"], action: "deny", priority: 10 },
      { match: "primary.lookup", tokens: ["partner-*"], action: "deny", priority: 10 },
    ],
    fallback,
  });
  const FALLBACK = { "primary.search": ["backup.search"], "primary.*": ["nothing.here", "backup.write", "backup.lookup"] };

  beforeAll(async () => {
    primary = await startFlakyServer("A");
    backup = await startFlakyServer("B");
    current = buildConfig(dir, base(FALLBACK));
    node = await createNode(current, { logger: pino({ level: "silent" }), reloadConfig: () => current, restartBaseMs: 50 });
    url = (await node.listen()).url;
  });
  afterAll(async () => {
    await node?.stop();
    await Promise.all([primary?.kill().catch(() => undefined), backup?.kill()]);
    cleanup();
  });

  const execute = (mcp_name: string, kwargs: Record<string, unknown>, token = ALICE) =>
    request(node.app).post("/execute").set({ authorization: `Bearer ${token}` }).send({ mcp_name, kwargs });
  const text = (body: { result: { content: { text: string }[] } }) => body.result.content[0].text;

  test("when the primary answers, then it serves the call and no Served-By header is set", async () => {
    const res = await execute("primary.search", { q: "one" });
    expect(res.status).toBe(200);
    expect(text(res.body)).toBe("A:search:one");
    expect(res.headers[SERVED_BY]).toBeUndefined();
    expect(res.body.result._meta?.["io.mcpfed/servedBy"]).toBeUndefined();
  });

  test("when the primary is killed, then /execute is served by the fallback and says so", async () => {
    await primary.kill();
    const before = backup.calls.search ?? 0;
    const res = await execute("primary.search", { q: "two" });
    expect(res.status).toBe(200);
    expect(text(res.body)).toBe("B:search:two");
    expect(res.headers[SERVED_BY]).toBe("backup.search");
    expect(res.body.result._meta["io.mcpfed/servedBy"]).toBe("backup.search");
    expect(backup.calls.search).toBe(before + 1);
  });

  test("when a fallback served the call, then each attempt left its own record", async () => {
    const failed = async () => (await node.records.list({ limit: 50, mcpName: "primary.search" })).filter((r) => !r.success);
    const served = async () => (await node.records.list({ limit: 50, mcpName: "backup.search" })).filter((r) => r.success);
    await waitFor(async () => (await failed()).length >= 1 && (await served()).length >= 1);
    expect((await failed())[0].error_class).toMatch(/upstream|unavailable/);
  });

  test("when called through /mcp, then the result's _meta names the tool that served it", async () => {
    const client = new Client({ name: "fallback-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ALICE}` } } }));
    try {
      const { tools } = await client.listTools();
      const tool = tools.find((t) => t._meta?.["io.mcpfed/id"] === "primary.search");
      expect(tool).toBeDefined();
      const result = await client.callTool({ name: tool!.name, arguments: { q: "three" } });
      expect(result.isError).toBeFalsy();
      expect(result._meta?.["io.mcpfed/servedBy"]).toBe("backup.search");
      expect((result.content as { text: string }[])[0].text).toBe("B:search:three");
    } finally {
      await client.close();
    }
  });

  test("when /mcp tools/call is answered directly (one JSON POST), then _meta names the fallback too", async () => {
    const list = await request(node.app)
      .post("/mcp")
      .set({ authorization: `Bearer ${ALICE}`, accept: "application/json, text/event-stream" })
      .send({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
    const alias = (list.body.result.tools as { name: string; _meta: Record<string, unknown> }[]).find((t) => t._meta["io.mcpfed/id"] === "primary.search")!.name;
    const res = await request(node.app)
      .post("/mcp")
      .set({ authorization: `Bearer ${ALICE}`, accept: "application/json, text/event-stream" })
      .send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: alias, arguments: { q: "four" } } });
    expect(res.status).toBe(200);
    expect(res.body.result._meta["io.mcpfed/servedBy"]).toBe("backup.search");
    expect(res.body.result.content[0].text).toBe("B:search:four");
  });

  test("when a peer's own fallback served a call, then the caller's node names it with the peer's host", async () => {
    const peer = await startListeningNode({ node: { name: "caller" }, peers: [{ url, token: ADMIN_TOKEN }] });
    try {
      const host = new URL(url).host;
      await waitFor(() => peer.node.engine.entries().some((e) => e.id === `primary.search@${host}`));
      const res = await request(peer.node.app).post("/execute").set(auth()).send({ mcp_name: `primary.search@${host}`, kwargs: { q: "p" } });
      expect(res.status).toBe(200);
      expect(res.headers[SERVED_BY]).toBe(`backup.search@${host}`);
      expect(res.body.result._meta["io.mcpfed/servedBy"]).toBe(`backup.search@${host}`);
    } finally {
      await peer.close();
    }
  });

  test("when a hosted server puts the node's servedBy key in its own result, then the node drops it", async () => {
    const res = await execute("backup.spoof", { q: "s" });
    expect(res.status).toBe(200);
    expect(res.headers[SERVED_BY]).toBeUndefined();
    expect(res.body.result._meta).toEqual({ other: 1 });
  });

  test("when the arguments are bad (400), then no fallback is tried", async () => {
    const before = backup.calls.search ?? 0;
    const res = await execute("primary.search", { q: 42 });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe("urn:mcpfed:problem:validation");
    expect(res.headers[SERVED_BY]).toBeUndefined();
    expect(backup.calls.search ?? 0).toBe(before);
  });

  test("when a policy denies the requested tool (403), then no fallback is tried", async () => {
    const before = backup.calls.lookup ?? 0;
    const res = await execute("primary.lookup", { q: "x" }, BOB);
    expect(res.status).toBe(403);
    expect(res.body.type).toBe("urn:mcpfed:problem:policy-denied");
    expect(backup.calls.lookup ?? 0).toBe(before);
  });

  test("when a glob entry matches, then unknown candidates are skipped and the next one serves", async () => {
    const res = await execute("primary.write", { q: "five" });
    expect(res.status).toBe(200);
    expect(res.headers[SERVED_BY]).toBe("backup.write");
    expect(text(res.body)).toBe("B:write:five");
  });

  test("when a policy denies the fallback to the caller, then it is skipped (and audited)", async () => {
    const before = backup.calls.write ?? 0;
    const res = await execute("primary.write", { q: "six" }, BOB);
    // backup.write is denied to partner-bob, so the next candidate, backup.lookup, serves
    expect(res.status).toBe(200);
    expect(res.headers[SERVED_BY]).toBe("backup.lookup");
    expect(backup.calls.write ?? 0).toBe(before);
    const denials = await node.audit.list({ limit: 20, action: "policy-deny" });
    expect(denials).toEqual(expect.arrayContaining([expect.objectContaining({ actor: "partner-bob", target: "backup.write" })]));
  });

  test("when every candidate is denied or missing, then the primary's own 5xx is the answer", async () => {
    current = buildConfig(dir, base({ "primary.write": ["nothing.here", "backup.write"] }));
    await request(node.app).post("/admin/reload").set({ authorization: `Bearer ${current.sharedToken}` }).expect(200);
    const before = backup.calls.write ?? 0;
    const res = await execute("primary.write", { q: "seven" }, BOB);
    expect([502, 503]).toContain(res.status);
    expect(res.headers["content-type"]).toMatch(/problem\+json/);
    expect(res.headers[SERVED_BY]).toBeUndefined();
    expect(backup.calls.write ?? 0).toBe(before);
  });

  test("when the fallback table is reloaded without an entry, then the call is not rerouted", async () => {
    current = buildConfig(dir, base({}));
    await request(node.app).post("/admin/reload").set({ authorization: `Bearer ${current.sharedToken}` }).expect(200);
    const before = backup.calls.search ?? 0;
    const res = await execute("primary.search", { q: "eight" });
    expect([502, 503]).toContain(res.status);
    expect(backup.calls.search ?? 0).toBe(before);
  });
});

describe("fallback on a node, when a stdio server's process dies mid-call", () => {
  const { dir, cleanup } = tempDir();
  let node: McpfedNode;

  beforeAll(async () => {
    const config = buildConfig(dir, {
      mcpServers: { one: testServerConfig(), two: testServerConfig() },
      fallback: { "one.*": ["two.ping"] },
    });
    node = await createNode(config, { logger: pino({ level: "silent" }), restartBaseMs: 5000 });
    await node.start();
  });
  afterAll(async () => {
    await node?.stop();
    cleanup();
  });

  test("when the primary's process exits during the call, then the fallback serves it", async () => {
    const res = await request(node.app).post("/execute").set(auth()).send({ mcp_name: "one.crash", kwargs: {} });
    expect(res.status).toBe(200);
    expect(res.headers[SERVED_BY]).toBe("two.ping");
    expect(res.body.result.content[0].text).toBe("pong");
  });

  test("when the primary is still restarting (503), then its calls keep going to the fallback", async () => {
    expect(node.hosted.status().one.state).toBe("restarting");
    const res = await request(node.app).post("/execute").set(auth()).send({ mcp_name: "one.ping", kwargs: {} });
    expect(res.status).toBe(200);
    expect(res.headers[SERVED_BY]).toBe("two.ping");
  });
});

describe("fallback in a config file", () => {
  test("when the file has the DESIGN example, then it loads with its defaults", () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, "node.json");
      writeFileSync(
        path,
        JSON.stringify({
          fallback: { "app.search": ["ext.search", "search.query@partner.example"] },
          federation: { fallback: true },
          mcpServers: { app: { command: "node", args: ["app.js"], retries: 2, breaker: { failures: 5, openFor: "10s" }, timeout: "20s" } },
        }),
      );
      const c = loadConfig({ config: path }, {});
      expect(c.fallback).toEqual({ "app.search": ["ext.search", "search.query@partner.example"] });
      expect(c.federation).toEqual({ syncInterval: 30_000, fallback: true });
      expect(c.mcpServers.app).toMatchObject({ retries: 2, breaker: { failures: 5, openFor: 10_000 }, timeout: 20_000 });
      expect(loadConfig({}, {}).federation.fallback).toBe(false);
    } finally {
      cleanup();
    }
  });

  test("when a fallback target is not a tool id, then loading fails naming the key", () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, "node.json");
      writeFileSync(path, JSON.stringify({ fallback: { "app.search": ["no spaces allowed"] } }));
      expect(() => loadConfig({ config: path }, {})).toThrow(/fallback/);
    } finally {
      cleanup();
    }
  });
});

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import pino from "pino";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import type { NodeConfigInput } from "../../src/config/config-schema";
import { createNode, type McpfedNode } from "../../src/node/create-node";
import { startFlakyServer, type FlakyServer } from "../support/flaky-server";
import { ADMIN_TOKEN, auth, buildConfig, startListeningNode, tempDir, testServerConfig, waitFor } from "../support/test-node";

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

  test("when a forwarded call's tool fails, then the receiving node does not fall back (the calling node decides)", async () => {
    const peer = await startListeningNode({ node: { name: "caller" }, peers: [{ url, token: ADMIN_TOKEN }] });
    try {
      const host = new URL(url).host;
      await waitFor(() => peer.node.engine.entries().some((e) => e.id === `primary.search@${host}`));
      const before = backup.calls.search ?? 0;
      const res = await request(peer.node.app).post("/execute").set(auth()).send({ mcp_name: `primary.search@${host}`, kwargs: { q: "p" } });
      expect([502, 503]).toContain(res.status);
      expect(res.headers[SERVED_BY]).toBeUndefined();
      expect(backup.calls.search ?? 0).toBe(before);
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

  test("when a policy denies the fallback to the caller on /mcp, then it is skipped there too", async () => {
    const headers = { authorization: `Bearer ${BOB}`, accept: "application/json, text/event-stream" };
    const list = await request(node.app).post("/mcp").set(headers).send({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
    const alias = (list.body.result.tools as { name: string; _meta: Record<string, unknown> }[]).find((t) => t._meta["io.mcpfed/id"] === "primary.write")!.name;
    const before = backup.calls.write ?? 0;
    const res = await request(node.app)
      .post("/mcp")
      .set(headers)
      .send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: alias, arguments: { q: "m" } } });
    expect(res.body.result._meta["io.mcpfed/servedBy"]).toBe("backup.lookup");
    expect(backup.calls.write ?? 0).toBe(before);
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

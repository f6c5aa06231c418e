import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import pino from "pino";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import type { NodeConfigInput } from "../../src/config/config-schema";
import { createNode, type McpfedNode } from "../../src/node/create-node";
import { PolicyTable } from "../../src/policy/policy";
import { PoliciesSchema, type PolicyRuleInput } from "../../src/policy/policy-schema";
import type { AuditEvent } from "../../src/store/audit-store";
import { ADMIN_TOKEN, auth, buildConfig, tempDir, testServerConfig, waitFor } from "../support/test-node";

const table = (rules: PolicyRuleInput[], audit?: (e: AuditEvent) => void, now?: () => number) => new PolicyTable(PoliciesSchema.parse(rules), { audit, now });

describe("PolicyTable.decide", () => {
  it("allows when no rule matches", () => {
    expect(table([]).decide("ext.search", "alice")).toEqual({ allowed: true });
    expect(table([{ match: "ext.*", action: "deny", priority: 1 }]).decide("app.search", "alice")).toEqual({ allowed: true });
  });

  it("lets the highest priority win, whatever the order of the rules", () => {
    const rules: PolicyRuleInput[] = [
      { match: "ext.*", action: "deny", priority: 10 },
      { match: "ext.search", action: "allow", priority: 20 },
    ];
    expect(table(rules).decide("ext.search", "t")).toMatchObject({ allowed: true, rule: { match: "ext.search" } });
    expect(table([...rules].reverse()).decide("ext.search", "t").allowed).toBe(true);
    expect(table(rules).decide("ext.other", "t")).toMatchObject({ allowed: false, rule: { match: "ext.*" } });
  });

  it("lets a deny win a tie of priorities", () => {
    const allowFirst: PolicyRuleInput[] = [
      { match: "ext.*", action: "allow", priority: 5 },
      { match: "*.search", action: "deny", priority: 5 },
    ];
    expect(table(allowFirst).decide("ext.search", "t")).toMatchObject({ allowed: false, rule: { action: "deny" } });
    expect(table([...allowFirst].reverse()).decide("ext.search", "t").allowed).toBe(false);
  });

  it("matches partner ids and token ids by glob", () => {
    const t = table([{ match: "*@partner.example", tokens: ["partner-*", "guest"], action: "deny", priority: 1 }]);
    expect(t.decide("search.query@partner.example", "partner-bob").allowed).toBe(false);
    expect(t.decide("search.query@partner.example", "guest").allowed).toBe(false);
    expect(t.decide("search.query@partner.example", "alice").allowed).toBe(true);
    expect(t.decide("search.query@other.example", "partner-bob").allowed).toBe(true);
  });

  it("forgets cached decisions when the rules are replaced", () => {
    const t = table([{ match: "ext.*", action: "deny", priority: 1 }]);
    expect(t.decide("ext.a", "x").allowed).toBe(false);
    t.replace([]);
    expect(t.decide("ext.a", "x").allowed).toBe(true);
  });

  it("audits a denied call at most once per token, tool and minute", () => {
    const events: AuditEvent[] = [];
    let now = 60_000 * 1000;
    const t = table([{ match: "ext.*", tokens: ["bob"], action: "deny", priority: 3 }], (e) => events.push(e), () => now);
    for (let i = 0; i < 5; i++) expect(() => t.assertCall("ext.a", "bob")).toThrow(expect.objectContaining({ status: 403, code: "policy-denied" }));
    expect(() => t.assertCall("ext.b", "bob")).toThrow();
    expect(() => t.assertCall("ext.a", "alice")).not.toThrow();
    expect(events).toEqual([
      { actor: "bob", action: "policy-deny", target: "ext.a", outcome: "denied", detail: JSON.stringify({ match: "ext.*", tokens: ["bob"], action: "deny", priority: 3 }) },
      expect.objectContaining({ actor: "bob", target: "ext.b" }),
    ]);
    now += 60_000;
    expect(() => t.assertCall("ext.a", "bob")).toThrow();
    expect(events).toHaveLength(3);
  });

  it("refuses malformed rules in the config", () => {
    expect(PoliciesSchema.safeParse([{ match: "x", action: "block", priority: 1 }]).success).toBe(false);
    expect(PoliciesSchema.safeParse([{ match: "", action: "deny" }]).success).toBe(false);
    expect(PoliciesSchema.safeParse([{ match: "x", action: "deny", priority: 1, extra: 1 }]).success).toBe(false);
  });
});

const ALICE = "policy-alice-token-0000000000000001";
const BOB = "policy-bob-token-00000000000000000002";
const CAROL = "policy-carol-token-000000000000000003";
const POLICIES: PolicyRuleInput[] = [
  { match: "test.*", tokens: ["partner-*"], action: "allow", priority: 10 },
  { match: "test.add", tokens: ["partner-*"], action: "deny", priority: 100 },
];

describe("policy routing on a node", () => {
  const { dir, cleanup } = tempDir();
  const base = (policies: PolicyRuleInput[]): NodeConfigInput => ({
    mcpServers: { test: testServerConfig({ tools: { include: ["ping", "add"] } }) },
    tokens: [
      { id: "alice", sha256: sha256Hex(ALICE), scopes: ["discover", "execute"] },
      { id: "partner-bob", sha256: sha256Hex(BOB), scopes: ["discover", "execute"] },
      { id: "partner-carol", sha256: sha256Hex(CAROL), scopes: ["discover", "execute"] },
    ],
    policies,
  });
  let current = buildConfig(dir, base(POLICIES));
  let node: McpfedNode;
  let url: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    node = await createNode(current, { logger: pino({ level: "silent" }), reloadConfig: () => current });
    url = (await node.listen()).url;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await node.stop();
    cleanup();
  });

  const names = async (token: string, query = "") => {
    const res = await request(node.app).get(`/discover${query}`).set(auth(token));
    expect(res.status).toBe(200);
    return (res.body as { name: string }[]).map((t) => t.name);
  };
  const connect = async (token: string, path = "/mcp") => {
    const client = new Client({ name: "policy-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}${path}`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    clients.push(client);
    return client;
  };
  const idOf = (t: { _meta?: Record<string, unknown> }) => t._meta?.["io.mcpfed/id"];

  it("leaves a denied tool out of that token's /discover, in every scope", async () => {
    expect(await names(ALICE)).toEqual(expect.arrayContaining(["test.ping", "test.add"]));
    expect(await names(BOB)).toContain("test.ping");
    expect(await names(BOB)).not.toContain("test.add");
    expect(await names(ALICE, "?scope=federated")).toContain("test.add");
    expect(await names(BOB, "?scope=federated")).not.toContain("test.add");
    // the limit counts visible tools only
    expect(await names(BOB, "?limit=1")).toEqual(["test.ping"]);
    expect(await names(BOB, "?scope=federated&limit=1")).toEqual(["test.ping"]);
    expect(await names(ALICE, "?q=adds%20two%20numbers")).toContain("test.add");
    expect(await names(BOB, "?q=adds%20two%20numbers")).not.toContain("test.add");
  });

  it("gives the two tokens different ETags for the same query", async () => {
    const a = await request(node.app).get("/discover").set(auth(ALICE));
    const b = await request(node.app).get("/discover").set(auth(BOB)).set("If-None-Match", a.headers.etag);
    expect(b.status).toBe(200);
    expect(b.body.map((t: { name: string }) => t.name)).not.toContain("test.add");
  });

  it("answers a denied /execute with a 403 problem and audits it once a minute", async () => {
    const ok = await request(node.app).post("/execute").set(auth(ALICE)).send({ mcp_name: "test.add", kwargs: { a: 2, b: 3 } });
    expect(ok.status).toBe(200);
    expect(ok.body.result.content[0].text).toBe("5");
    for (let i = 0; i < 3; i++) {
      const res = await request(node.app).post("/execute").set(auth(BOB)).send({ mcp_name: "test.add", kwargs: { a: 2, b: 3 } });
      expect(res.status).toBe(403);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.body).toMatchObject({ status: 403 });
      expect(JSON.stringify(res.body)).toContain("policy-denied");
    }
    expect((await request(node.app).post("/execute").set(auth(BOB)).send({ mcp_name: "test.ping", kwargs: {} })).status).toBe(200);
    await waitFor(async () => (await request(node.app).get("/audit?action=policy-deny").set(auth(ADMIN_TOKEN))).body.length > 0);
    await new Promise((r) => setTimeout(r, 100));
    const audit = await request(node.app).get("/audit?action=policy-deny").set(auth(ADMIN_TOKEN));
    expect(audit.body).toHaveLength(1);
    expect(audit.body[0]).toMatchObject({ actor: "partner-bob", action: "policy-deny", target: "test.add" });
    expect(JSON.parse(audit.body[0].detail)).toEqual({ match: "test.add", tokens: ["partner-*"], action: "deny", priority: 100 });
  });

  it("hides the tool from /mcp tools/list and search_tools, and refuses the call", async () => {
    const alice = await connect(ALICE);
    const bob = await connect(BOB);
    const aliceTools = (await alice.listTools()).tools;
    const add = aliceTools.find((t) => idOf(t) === "test.add");
    expect(add).toBeDefined();
    const bobTools = (await bob.listTools()).tools;
    expect(bobTools.map(idOf)).toContain("test.ping");
    expect(bobTools.map(idOf)).not.toContain("test.add");

    const search = async (c: Client) => (await c.callTool({ name: "search_tools", arguments: { query: "adds two numbers" } })).structuredContent as { tools: { id: string }[] };
    expect((await search(alice)).tools.map((t) => t.id)).toContain("test.add");
    expect((await search(bob)).tools.map((t) => t.id)).not.toContain("test.add");

    const denied = await bob.callTool({ name: add?.name as string, arguments: { a: 1, b: 2 } });
    expect(denied.isError).toBe(true);
    expect(denied._meta).toMatchObject({ "io.mcpfed/status": 403, "io.mcpfed/code": "policy-denied" });
    const allowed = await alice.callTool({ name: add?.name as string, arguments: { a: 1, b: 2 } });
    expect(allowed.isError).toBeFalsy();
  });

  it("filters a stateless JSON tools/list and refuses a stateless tools/call", async () => {
    const rpc = (token: string, method: string, params: Record<string, unknown> = {}) =>
      request(node.app).post("/mcp").set(auth(token)).set("Accept", "application/json, text/event-stream").send({ jsonrpc: "2.0", id: 1, method, params });
    const listed = await rpc(BOB, "tools/list");
    expect(listed.status).toBe(200);
    const tools = listed.body.result.tools as { name: string; _meta?: Record<string, unknown> }[];
    expect(tools.map(idOf)).toContain("test.ping");
    expect(tools.map(idOf)).not.toContain("test.add");
    const aliceTools = (await rpc(ALICE, "tools/list")).body.result.tools as { name: string; _meta?: Record<string, unknown> }[];
    const add = aliceTools.find((t) => idOf(t) === "test.add")?.name as string;
    const called = await rpc(BOB, "tools/call", { name: add, arguments: { a: 1, b: 2 } });
    expect(called.body.result).toMatchObject({ isError: true, _meta: { "io.mcpfed/status": 403 } });
  });

  it("applies the policy on the server's pass-through endpoint /mcp/test too", async () => {
    const alice = await connect(ALICE, "/mcp/test");
    const carol = await connect(CAROL, "/mcp/test");
    expect((await alice.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(["ping", "add"]));
    const listed = (await carol.listTools()).tools.map((t) => t.name);
    expect(listed).toContain("ping");
    expect(listed).not.toContain("add");
    await expect(carol.callTool({ name: "add", arguments: { a: 1, b: 2 } })).rejects.toThrow(/policy-denied/);
    expect((await carol.callTool({ name: "ping", arguments: {} })).isError).toBeFalsy();
    expect((await alice.callTool({ name: "add", arguments: { a: 1, b: 2 } })).content).toEqual([{ type: "text", text: "3" }]);
    await waitFor(async () =>
      ((await request(node.app).get("/audit?action=policy-deny").set(auth(ADMIN_TOKEN))).body as { actor: string }[]).some((e) => e.actor === "partner-carol"),
    );
  });

  it("takes new policies on /admin/reload", async () => {
    const before = await request(node.app).get("/discover").set(auth(BOB));
    // still a policy (so the list stays per token), but none that denies bob anything
    current = buildConfig(dir, base([{ match: "test.ping", tokens: ["nobody"], action: "deny", priority: 1 }]));
    expect((await request(node.app).post("/admin/reload").set(auth(ADMIN_TOKEN))).status).toBe(200);
    // the list changed for this token: a client's cached copy is not confirmed with a 304
    const after = await request(node.app).get("/discover").set(auth(BOB)).set("If-None-Match", before.headers.etag);
    expect(after.status).toBe(200);
    expect(after.body.map((t: { name: string }) => t.name)).toContain("test.add");
    expect((await request(node.app).post("/execute").set(auth(BOB)).send({ mcp_name: "test.add", kwargs: { a: 1, b: 1 } })).status).toBe(200);
  });
});

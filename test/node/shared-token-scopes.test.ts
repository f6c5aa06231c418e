import pino from "pino";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { NodeConfigSchema } from "../../src/config/config-schema";
import { createNode, type McpfedNode } from "../../src/node/create-node";
import { startListeningNode, tempDir } from "../support/test-node";

const SHARED = "shared-federation-token-0123456789";
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

describe("the shared token, which the node also sends to its peers", () => {
  let node: McpfedNode;
  let temp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    temp = tempDir();
    node = await createNode(NodeConfigSchema.parse({ node: { name: "a", db: `${temp.dir}/a.db` }, sharedToken: SHARED }), { logger: pino({ level: "silent" }) });
    await node.start();
  });
  afterAll(async () => {
    await node.stop();
    temp.cleanup();
  });

  test.each([
    ["GET", "/discover", 200],
    ["GET", "/metadata", 200],
  ] as const)("when a peer uses it for %s %s, then it works (%i)", async (_m, path, status) => {
    expect((await request(node.app).get(path).set(bearer(SHARED))).status).toBe(status);
  });

  test.each([
    ["POST", "/peers", { url: "http://127.0.0.1:9/" }],
    ["POST", "/register", { name: "x", description: "a submission from a peer", version: "1.0.0" }],
    ["POST", "/metadata", [{ mcp_name: "x", success: true, latency_ms: 1 }]],
    ["POST", "/admin/reload", {}],
  ] as const)("when a peer that received it calls %s %s, then 403: it grants no admin, register or write scope by default", async (_m, path, body) => {
    const res = await request(node.app).post(path).set(bearer(SHARED)).send(body as object);
    expect(res.status).toBe(403);
    expect(node.engine.peers()).toEqual([]);
  });

  test("when sharedTokenScopes is configured, then the shared token has those scopes", () => {
    const config = NodeConfigSchema.parse({ node: { name: "b", db: ":memory:" }, sharedToken: SHARED, sharedTokenScopes: ["discover", "admin"] });
    expect(config.sharedTokenScopes).toEqual(["discover", "admin"]);
  });
});

describe("per-peer tokens", () => {
  test("when a peer has a token of its own, then the node sends that one and not the shared token", async () => {
    const PEER_TOKEN = "token-partner-b-gave-us-0123456789";
    const b = await startListeningNode({ node: { name: "b" }, sharedToken: "b-own-shared-token-0123456789", tokens: [{ id: "org-a", sha256: sha256Hex(PEER_TOKEN), scopes: ["discover", "execute", "metadata:read"] }] });
    const temp = tempDir();
    const a = await createNode(NodeConfigSchema.parse({ node: { name: "a", db: `${temp.dir}/a.db` }, sharedToken: SHARED, peers: [{ url: b.url, token: PEER_TOKEN }] }), { logger: pino({ level: "silent" }), engine: { retries: 0, timeoutMs: 2000 } });
    try {
      await a.start();
      await a.engine.refresh();
      expect(a.engine.peers()[0]).toMatchObject({ state: "online", lastError: null });
    } finally {
      await a.stop();
      temp.cleanup();
      await b.close();
    }
  });
});

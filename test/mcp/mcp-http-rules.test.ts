import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { request as httpRequest } from "undici";
import { sha256Hex } from "../../src/auth/tokens";
import { ADMIN_TOKEN, startListeningNode, testServerConfig } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;
const OTHER_TOKEN = "mcp-rules-other-token-000000000001";
const JSON_AND_SSE = "application/json, text/event-stream";

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await httpRequest(url, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json", accept: JSON_AND_SSE, ...headers },
    body,
  });
  const text = await res.body.text();
  const isJson = String(res.headers["content-type"]).includes("json");
  return { status: res.statusCode, headers: res.headers, json: text && isJson ? (JSON.parse(text) as { error?: { code: number; message: string; data?: { supported?: string[] } } }) : undefined };
}

async function connect(url: string, token = ADMIN_TOKEN): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: "rules-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
  await client.connect(transport);
  return { client, transport };
}

const initialize = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });

describe("Streamable HTTP rules of /mcp", () => {
  let node: Listening;

  beforeAll(async () => {
    node = await startListeningNode({
      mcpServers: { local: testServerConfig({ tools: { include: ["ping"] } }) },
      tokens: [{ id: "other", sha256: sha256Hex(OTHER_TOKEN), scopes: ["discover", "execute"] }],
      mcp: { allowedOrigins: ["https://app.example"], maxSessions: 3, maxSessionsPerToken: 2, sessionIdleTimeout: "1s" },
    });
  });
  afterAll(async () => {
    await node?.close();
  });

  test("when a GET comes without a session, then it is 405", async () => {
    const res = await httpRequest(`${node.url}/mcp`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, accept: "text/event-stream" } });
    await res.body.dump();
    expect(res.statusCode).toBe(405);
  });

  test("when the body is not JSON, then the answer is a JSON-RPC parse error", async () => {
    const res = await post(`${node.url}/mcp`, "{not json");
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: expect.stringMatching(/parse error/) } });
  });

  test.each([
    ["tools/call without a name", { name: undefined }],
    ["tools/call with arguments that are not an object", { name: "local__ping", arguments: "x" }],
  ])("when %s comes, then the answer is -32602 in one line, not a zod dump", async (_label, params) => {
    const res = await post(`${node.url}/mcp`, JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params }));
    expect(res.status).toBe(400);
    expect(res.json?.error?.code).toBe(-32602);
    expect(res.json?.error?.message).not.toMatch(/\n|"code":/);
  });

  test.each([
    ["tools/list", JSON.stringify({ jsonrpc: "2.0", id: 4, method: "tools/list" })],
    ["initialize", initialize],
  ])("when %s carries an unsupported MCP-Protocol-Version, then it is 400 naming the supported versions", async (_m, body) => {
    const res = await post(`${node.url}/mcp`, body, { "mcp-protocol-version": "1999-01-01" });
    expect(res.status).toBe(400);
    expect(res.json?.error?.code).toBe(-32022);
    expect(res.json?.error?.data?.supported).toContain("2025-06-18");
    const get = await httpRequest(`${node.url}/mcp`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "mcp-protocol-version": "1999-01-01" } });
    await get.body.dump();
    expect(get.statusCode).toBe(400);
  });

  test("when a client sends server/discover, then it gets a clean JSON-RPC error with the supported versions", async () => {
    const res = await post(`${node.url}/mcp`, JSON.stringify({ jsonrpc: "2.0", id: 5, method: "server/discover", params: {} }), { "mcp-protocol-version": "2025-11-25" });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ id: 5, error: { code: -32022, data: { supported: expect.arrayContaining(["2025-11-25"]) } } });
  });

  test("when a browser preflights from an allowed origin, then CORS allows the MCP headers; other origins are refused", async () => {
    const ok = await httpRequest(`${node.url}/mcp`, { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "POST" } });
    await ok.body.dump();
    expect(ok.statusCode).toBe(204);
    expect(ok.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(String(ok.headers["access-control-allow-headers"])).toMatch(/Mcp-Session-Id/);
    expect(String(ok.headers["access-control-expose-headers"])).toMatch(/Mcp-Session-Id/);
    const evil = await httpRequest(`${node.url}/mcp`, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
    await evil.body.dump();
    expect(evil.statusCode).toBe(403);
  });

  test("when the Origin is the node's own loopback origin, then it is accepted; a rebound DNS name is not", async () => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 6, method: "tools/list" });
    const own = await post(`${node.url}/mcp`, body, { origin: node.url });
    expect(own.status).toBe(200);
    expect(own.headers["access-control-allow-origin"]).toBe(node.url);
    const rebound = await post(`${node.url}/mcp`, body, { origin: "http://evil.example", host: "evil.example" });
    expect(rebound.status).toBe(403);
  });

  test("when one token opens more sessions than its cap, then its own oldest idle session goes and other tokens still get in", async () => {
    const mine = [await connect(node.url), await connect(node.url)];
    const third = await connect(node.url);
    const other = await connect(node.url, OTHER_TOKEN);
    try {
      // the oldest of the first token's sessions was closed to make room
      await expect(mine[0].client.listTools()).rejects.toThrow();
      expect((await mine[1].client.listTools()).tools.length).toBeGreaterThan(0);
      expect((await third.client.listTools()).tools.length).toBeGreaterThan(0);
      expect((await other.client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await Promise.all([...mine, third, other].map((c) => c.client.close()));
    }
  });

  test("when a session's GET stream is open, then it outlives the idle timeout; without one it does not", async () => {
    const listening = await connect(node.url);
    // the SDK client opens its GET stream after initialization
    await new Promise((r) => setTimeout(r, 200));
    const res = await post(`${node.url}/mcp`, initialize);
    const idleSession = String(res.headers["mcp-session-id"]);
    await new Promise((r) => setTimeout(r, 2600));
    try {
      expect((await listening.client.listTools()).tools.length).toBeGreaterThan(0);
      const idle = await post(`${node.url}/mcp`, JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/list" }), { "mcp-session-id": idleSession, "mcp-protocol-version": "2025-06-18" });
      expect(idle.status).toBe(404);
    } finally {
      await listening.client.close();
    }
  });
});

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { ADMIN_TOKEN, auth, startListeningNode, testServerConfig } from "../support/test-node";
import { describePostgres } from "./contract/adapters";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;
const OTHER = "mcp-other-org-token-000000000000001";
const rpc = (method: string, id = 1) => ({ jsonrpc: "2.0", id, method, params: {} });
const accept = "application/json, text/event-stream";

/** An MCP session opened on one replica is served by another (clients are not pinned). */
describePostgres("MCP sessions across replicas", ({ server }) => {
  let a: Listening;
  let b: Listening;
  let client: Client;
  let transport: StreamableHTTPClientTransport;
  beforeAll(async () => {
    const db = await server().createDatabase();
    const config = {
      node: { db },
      mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) },
      tokens: [{ id: "other", sha256: sha256Hex(OTHER), scopes: ["discover", "execute"] as ("discover" | "execute")[] }],
    };
    [a, b] = await Promise.all([startListeningNode(config), startListeningNode(config)]);
    client = new Client({ name: "replica-session", version: "1.0.0" });
    transport = new StreamableHTTPClientTransport(new URL(`${a.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } });
    await client.connect(transport);
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  test("when a request of a session opened on one replica reaches another, then it is served there under the same session id", async () => {
    const id = transport.sessionId as string;
    expect(id).toBeTruthy();
    const res = await request(b.node.app).post("/mcp").set(auth()).set("Mcp-Session-Id", id).set("Accept", accept).send(rpc("tools/list"));
    expect(res.status).toBe(200);
    expect(res.headers["mcp-session-id"]).toBe(id);
    const body = res.headers["content-type"]?.includes("json") ? res.body : JSON.parse(/data: (.*)/.exec(res.text)?.[1] ?? "{}");
    expect(body.result.tools.map((t: { name: string }) => t.name)).toContain("test__ping");
    const call = await request(b.node.app)
      .post("/mcp")
      .set(auth())
      .set("Mcp-Session-Id", id)
      .set("Accept", accept)
      .send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "test__ping", arguments: {} } });
    expect(call.status).toBe(200);
  });

  test("when another token, an unknown id, or a GET for the event stream reaches the other replica, then 404, 404 and 405", async () => {
    const id = transport.sessionId as string;
    const stolen = await request(b.node.app).post("/mcp").set(auth(OTHER)).set("Mcp-Session-Id", id).set("Accept", accept).send(rpc("tools/list"));
    expect(stolen.status).toBe(404);
    expect(stolen.headers["content-type"]).toMatch(/problem\+json/);
    const unknown = await request(b.node.app).post("/mcp").set(auth()).set("Mcp-Session-Id", "no-such-session").set("Accept", accept).send(rpc("tools/list"));
    expect(unknown.status).toBe(404);
    const stream = await request(b.node.app).get("/mcp").set(auth()).set("Mcp-Session-Id", id).set("Accept", "text/event-stream");
    expect(stream.status).toBe(405);
    expect(stream.headers.allow).toBe("POST");
  });
});

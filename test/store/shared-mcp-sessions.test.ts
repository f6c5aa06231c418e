import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { request as httpRequest } from "node:http";
import { ADMIN_TOKEN, auth, startListeningNode, testServerConfig, waitFor } from "../support/test-node";
import { startToolServer } from "../support/tool-server";
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
      governance: { allowPrivateRemotes: true, semgrep: { bin: "/nonexistent/semgrep" } },
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

  test("when another token or an unknown id reaches the other replica, then 404, for requests and for the event stream", async () => {
    const id = transport.sessionId as string;
    const stolen = await request(b.node.app).post("/mcp").set(auth(OTHER)).set("Mcp-Session-Id", id).set("Accept", accept).send(rpc("tools/list"));
    expect(stolen.status).toBe(404);
    expect(stolen.headers["content-type"]).toMatch(/problem\+json/);
    const unknown = await request(b.node.app).post("/mcp").set(auth()).set("Mcp-Session-Id", "no-such-session").set("Accept", accept).send(rpc("tools/list"));
    expect(unknown.status).toBe(404);
    const stream = await request(b.node.app).get("/mcp").set(auth(OTHER)).set("Mcp-Session-Id", id).set("Accept", "text/event-stream");
    expect(stream.status).toBe(404);
  });

  test("when the session's event stream is opened on the other replica, then a registry change made anywhere reaches it as tools/list_changed", async () => {
    const id = transport.sessionId as string;
    const stream = await openStream(b.url, id);
    try {
      expect(stream.status).toBe(200);
      expect(stream.sessionId).toBe(id);
      const remote = await startToolServer([{ name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } } } }]);
      try {
        const res = await request(a.node.app).post("/register").set(auth()).send({ name: "weather", description: "Forecasts", version: "1.0.0", remote: { type: "streamable-http", url: remote.url } });
        expect(res.status).toBe(201);
        // within 2 s of the publication on the other replica
        await waitFor(() => stream.events.some((e) => e.method === "notifications/tools/list_changed"), 2_000);
      } finally {
        await remote.close();
      }
    } finally {
      stream.close();
    }
  });

  test("when the session is ended (DELETE) on the other replica, then it is gone on the replica that opened it and its adopted stream ends", async () => {
    const id = transport.sessionId as string;
    const stream = await openStream(b.url, id);
    const del = await request(b.node.app).delete("/mcp").set(auth()).set("Mcp-Session-Id", id);
    expect(del.status).toBe(200);
    await waitFor(() => stream.ended, 2_000);
    await waitFor(async () => (await request(a.node.app).post("/mcp").set(auth()).set("Mcp-Session-Id", id).set("Accept", accept).send(rpc("tools/list"))).status === 404, 2_000);
    expect((await request(b.node.app).post("/mcp").set(auth()).set("Mcp-Session-Id", id).set("Accept", accept).send(rpc("tools/list"))).status).toBe(404);
  });
});

interface OpenStream {
  status: number;
  sessionId: string | undefined;
  events: { method?: string }[];
  ended: boolean;
  close(): void;
}

/** A raw GET event stream of a session, collecting the JSON-RPC messages it carries. */
function openStream(base: string, sessionId: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/mcp`, { method: "GET", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, accept: "text/event-stream", "mcp-session-id": sessionId } }, (res) => {
      const out: OpenStream = { status: res.statusCode ?? 0, sessionId: res.headers["mcp-session-id"] as string | undefined, events: [], ended: false, close: () => req.destroy() };
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        for (let i = buffer.indexOf("\n\n"); i >= 0; i = buffer.indexOf("\n\n")) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, i))?.[1];
          buffer = buffer.slice(i + 2);
          if (data) out.events.push(JSON.parse(data) as { method?: string });
        }
      });
      res.on("end", () => (out.ended = true));
      res.on("close", () => (out.ended = true));
      resolve(out);
    });
    req.on("error", reject);
    req.end();
  });
}

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import request from "supertest";
import { startGatewayServer, type GatewayServer } from "../support/gateway-server";
import { ADMIN_TOKEN, auth, startListeningNode } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

const idOf = (meta: Record<string, unknown> | undefined) => meta?.["io.mcpfed/id"] ?? meta?.["mcpfed/id"];

describe.each([
  ["JSON", true],
  ["an event stream", false],
])("exactly once, when the hosted server answers with %s", (_label, json) => {
  let upstream: GatewayServer;
  let a: Listening;
  let b: Listening;

  beforeAll(async () => {
    upstream = await startGatewayServer({ json });
    a = await startListeningNode({ node: { name: "org-a" }, mcpServers: { gw: { type: "http", url: upstream.url } } });
    b = await startListeningNode({ node: { name: "org-b" }, peers: [{ url: a.url, token: ADMIN_TOKEN }] });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await upstream?.close();
  });

  test("when called through /execute, then the server sees the call once", async () => {
    const before = upstream.state.calls.count ?? 0;
    const res = await request(a.node.app).post("/execute").set(auth()).send({ mcp_name: "gw.count", kwargs: {} });
    expect(res.status).toBe(200);
    expect(upstream.state.calls.count).toBe(before + 1);
    expect(res.body.result.content[0].text).toBe(String(before + 1));
  });

  test("when called through /mcp, then the server sees the call once", async () => {
    const client = new Client({ name: "t", version: "1" });
    const transport = new StreamableHTTPClientTransport(new URL(`${a.url}/mcp`), { requestInit: { headers: auth() } });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      const tool = tools.find((t) => idOf(t._meta) === "gw.count")!;
      const before = upstream.state.calls.count ?? 0;
      const result = await client.callTool({ name: tool.name, arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(upstream.state.calls.count).toBe(before + 1);
    } finally {
      await transport.terminateSession();
      await client.close();
    }
  });

  test("when called as name@host through a peer, then the server sees the call once", async () => {
    const before = upstream.state.calls.count ?? 0;
    const res = await request(b.node.app).post("/execute").set(auth()).send({ mcp_name: `gw.count@${a.host}`, kwargs: {} });
    expect(res.status).toBe(200);
    expect(upstream.state.calls.count).toBe(before + 1);
  });

  test("when a tool goes through the SDK client (it has an output schema), then the server sees it once", async () => {
    const before = upstream.state.calls.described ?? 0;
    const res = await request(a.node.app).post("/execute").set(auth()).send({ mcp_name: "gw.described", kwargs: { q: "x" } });
    expect(res.status).toBe(200);
    expect(res.body.result.structuredContent).toEqual({ answer: "42" });
    expect(upstream.state.calls.described).toBe(before + 1);
  });
});

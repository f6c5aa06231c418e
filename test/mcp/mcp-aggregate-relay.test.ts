import { request as httpRequest } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  type ClientCapabilities,
  type Progress,
} from "@modelcontextprotocol/sdk/types.js";
import { startGatewayServer, type GatewayServer } from "../support/gateway-server";
import { ADMIN_TOKEN, startListeningNode, waitFor } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

describe("tools/call through the aggregated /mcp: progress, cancellation and the server's requests", () => {
  let upstream: GatewayServer;
  let n: Listening;
  const clients: Client[] = [];

  async function connect(capabilities: ClientCapabilities = {}): Promise<Client> {
    const client = new Client({ name: "relay-test", version: "1.0.0" }, { capabilities });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${n.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } }));
    clients.push(client);
    return client;
  }
  /** How many calls of gw.wait were recorded as cancelled (each test expects one more). */
  const cancelledRecords = async () =>
    (await n.node.records.list({ limit: 100, mcpName: "gw.wait" })).filter((r) => r.success === false && r.error_class === "cancelled").length;

  beforeAll(async () => {
    upstream = await startGatewayServer({ json: false });
    n = await startListeningNode({ mcpServers: { gw: { url: upstream.url } } });
    await waitFor(() => n.node.hosted.get("gw")?.status().state === "ready");
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await n?.close();
    await upstream?.close();
  });

  test("when the call carries a progressToken, then the server's notifications/progress reach the caller", async () => {
    const client = await connect();
    const seen: Progress[] = [];
    const result = await client.callTool({ name: "gw__progress", arguments: {} }, undefined, { onprogress: (p) => seen.push(p) });
    expect(result.content).toEqual([{ type: "text", text: "done" }]);
    expect(seen.map((p) => [p.progress, p.total, p.message])).toEqual([
      [1, 3, "step 1"],
      [2, 3, "step 2"],
      [3, 3, "step 3"],
    ]);
  });

  test.each([
    ["direct path", false],
    ["streaming path, with a progressToken", true],
  ])("when the client cancels the call (%s), then the server sees notifications/cancelled and the record says cancelled", async (_label, streamed) => {
    const client = await connect();
    const before = upstream.state.cancelled;
    const recorded = await cancelledRecords();
    const calls = upstream.state.calls.wait ?? 0;
    const controller = new AbortController();
    const call = client.callTool({ name: "gw__wait", arguments: {} }, undefined, { signal: controller.signal, ...(streamed ? { onprogress: () => undefined } : {}) });
    await waitFor(() => (upstream.state.calls.wait ?? 0) === calls + 1, 5000);
    controller.abort();
    await expect(call).rejects.toThrow();
    await waitFor(() => upstream.state.cancelled === before + 1, 5000);
    await waitFor(async () => (await cancelledRecords()) === recorded + 1, 5000);
  });

  test.each([
    ["in a session, streamed", true],
    ["without a session, the direct JSON answer", false],
  ])("when the caller's HTTP request closes (%s), then the call is cancelled upstream and recorded as cancelled", async (_label, inSession) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    if (inSession) {
      const client = await connect();
      headers["mcp-session-id"] = (client.transport as StreamableHTTPClientTransport).sessionId as string;
      headers["mcp-protocol-version"] = "2025-06-18";
    }
    const before = upstream.state.cancelled;
    const recorded = await cancelledRecords();
    const calls = upstream.state.calls.wait ?? 0;
    const req = httpRequest(new URL(`${n.url}/mcp`), { method: "POST", headers });
    req.on("error", () => undefined);
    const params = { name: "gw__wait", arguments: {}, ...(inSession ? { _meta: { progressToken: "p1" } } : {}) };
    req.end(JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params }));
    await waitFor(() => (upstream.state.calls.wait ?? 0) === calls + 1, 5000);
    req.destroy();
    await waitFor(() => upstream.state.cancelled === before + 1, 5000);
    await waitFor(async () => (await cancelledRecords()) === recorded + 1, 5000);
  });

  test("when the client declared sampling, elicitation and roots, then the server's requests during the call reach it and its answers go back", async () => {
    const client = await connect({ sampling: {}, elicitation: {}, roots: {} });
    const asked: string[] = [];
    client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
      asked.push(`sampling ${req.params.maxTokens}`);
      return { role: "assistant", model: "test-model", content: { type: "text", text: "sampled" } };
    });
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      asked.push(`elicitation ${req.params.message}`);
      return { action: "accept", content: { name: "bob" } };
    });
    client.setRequestHandler(ListRootsRequestSchema, async () => {
      asked.push("roots");
      return { roots: [{ uri: "file:///srv/data", name: "data" }] };
    });
    const result = await client.callTool({ name: "gw__ask", arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse((result.content as { text: string }[])[0].text)).toEqual({
      sampled: { type: "text", text: "sampled" },
      elicited: { name: "bob" },
      roots: [{ uri: "file:///srv/data", name: "data" }],
    });
    expect(asked).toEqual(["sampling 5", "elicitation name?", "roots"]);
  });

  test("when the client declared none of them, then the server's request is refused and the call fails cleanly", async () => {
    const client = await connect();
    const result = await client.callTool({ name: "gw__ask", arguments: {} });
    expect(result.isError).toBe(true);
    expect(n.node.hosted.get("gw")?.status().circuit).toBe("closed");
  });

  test("when the registry is unchanged, then tools/list is byte-identical on the direct and the streaming path, before and after calls", async () => {
    const post = async (headers: Record<string, string> = {}) => {
      const res = await fetch(`${n.url}/mcp`, {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
      });
      return res.text();
    };
    const first = await post();
    const client = await connect({ sampling: {}, roots: {} });
    await client.callTool({ name: "gw__progress", arguments: {} }, undefined, { onprogress: () => undefined });
    expect(await post()).toBe(first);
    const streamed = await client.listTools();
    expect(JSON.stringify(streamed.tools)).toBe(JSON.stringify(JSON.parse(first).result.tools));
  });
});

import { request as httpRequest } from "node:http";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import type { CallRelay } from "../../src/hosting/hosted-server";
import { startGatewayServer, type GatewayServer, type GatewayServerOptions } from "../support/gateway-server";
import { ADMIN_TOKEN, startListeningNode, waitFor } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

const relay: CallRelay = {
  sampling: async (params) => ({ role: "assistant", model: "test-model", content: { type: "text", text: `sampled ${params.maxTokens}` } }),
  elicitation: async () => ({ action: "accept", content: { name: "bob" } }),
  roots: async () => ({ roots: [{ uri: "file:///srv/data", name: "data" }] }),
};

describe.each<[string, GatewayServerOptions, Record<string, string>]>([
  ["Streamable HTTP, event-stream answers", { json: false }, {}],
  ["Streamable HTTP, JSON answers", { json: true }, {}],
  ["legacy HTTP+SSE", { json: false, legacySse: true }, { type: "sse" }],
])("call options over %s", (label, serverOptions, extra) => {
  let upstream: GatewayServer;
  let n: Listening;
  const server = () => n.node.hosted.get("gw")!;

  beforeAll(async () => {
    upstream = await startGatewayServer(serverOptions);
    n = await startListeningNode({ mcpServers: { gw: { url: upstream.url, ...extra } } });
    await waitFor(() => server().status().state === "ready");
  });
  afterAll(async () => {
    await n.close();
    await upstream.close();
  });

  if (!serverOptions.json) {
    test("when the tool reports progress, then onProgress gets each step and the result follows", async () => {
      const seen: Progress[] = [];
      const result = await server().callTool("progress", {}, { onProgress: (p) => seen.push(p) });
      expect(result.content).toEqual([{ type: "text", text: "done" }]);
      expect(seen.map((p) => p.progress)).toEqual([1, 2, 3]);
      expect(seen[0]).toMatchObject({ total: 3, message: "step 1" });
    });
  }

  test("when the server asks for sampling, elicitation and roots during the call, then the caller's relay answers", async () => {
    const result = await server().callTool("ask", {}, { relay });
    const body = JSON.parse((result.content[0] as { text: string }).text);
    expect(body).toEqual({
      sampled: { type: "text", text: "sampled 5" },
      elicited: { name: "bob" },
      roots: [{ uri: "file:///srv/data", name: "data" }],
    });
  });

  test("when the caller gave no relay, then the server's request is refused and the call fails cleanly", async () => {
    await expect(server().callTool("ask", {})).rejects.toMatchObject({ status: expect.any(Number) });
    expect(server().status().circuit).toBe("closed");
  });

  test("when the caller aborts, then the server sees notifications/cancelled and the call rejects as cancelled", async () => {
    const before = upstream.state.cancelled;
    const controller = new AbortController();
    const call = server().callTool("wait", {}, { signal: controller.signal });
    await waitFor(() => (upstream.state.calls.wait ?? 0) > 0 && upstream.state.cancelled === before && true);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: "cancelled" });
    await waitFor(() => upstream.state.cancelled === before + 1, 5000);
    expect(server().status().circuit).toBe("closed");
  });

  test(`when the /execute caller hangs up (${label}), then the call is cancelled upstream and recorded as cancelled`, async () => {
    const before = upstream.state.cancelled;
    const url = new URL(`${n.url}/execute`);
    const req = httpRequest(url, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" } });
    req.on("error", () => undefined);
    req.end(JSON.stringify({ mcp_name: "gw.wait", kwargs: {} }));
    await waitFor(() => server().status().inFlight === 1, 5000);
    await new Promise((r) => setTimeout(r, 100));
    req.destroy();
    await waitFor(() => upstream.state.cancelled === before + 1, 5000);
    await waitFor(async () => (await n.node.records.list({ limit: 1, mcpName: "gw.wait" })).length === 1, 5000);
    const [rec] = await n.node.records.list({ limit: 1, mcpName: "gw.wait" });
    expect(rec).toMatchObject({ success: false, error_class: "cancelled" });
  });
});

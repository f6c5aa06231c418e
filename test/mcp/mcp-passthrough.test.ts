import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type CallToolResult,
  type Progress,
} from "@modelcontextprotocol/sdk/types.js";
import { request as httpRequest } from "undici";
import { sha256Hex } from "../../src/auth/tokens";
import { referenceStdioConfig, startReferenceServer, type ReferenceServer } from "../support/reference-server";
import { ADMIN_TOKEN, startListeningNode, waitFor } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;
const DISCOVER_ONLY = "passthrough-discover-only-0000000001";
const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

/** A client declaring sampling, elicitation and roots, answering each. */
async function connect(url: string, headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` }): Promise<Client> {
  const client = new Client({ name: "passthrough-test", version: "1.0.0" }, { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } });
  client.setRequestHandler(CreateMessageRequestSchema, async (req) => ({
    role: "assistant",
    model: "test-model",
    content: { type: "text", text: `echo: ${(req.params.messages[0].content as { text: string }).text}` },
  }));
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { username: "ada", email: "ada@example.com" } }));
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: "file:///work", name: "work" }] }));
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

async function stats(client: Client): Promise<{ calls: Record<string, number>; cancelled: number }> {
  return JSON.parse(text(await client.callTool({ name: "stats", arguments: {} })));
}

describe.each([["Streamable HTTP"], ["stdio"]])("/mcp/<server> in front of a %s server", (kind) => {
  let reference: ReferenceServer | undefined;
  let node: Listening;
  let direct: Client | undefined;
  let client: Client;

  beforeAll(async () => {
    reference = kind === "stdio" ? undefined : await startReferenceServer();
    const ref = reference ? { url: reference.url } : referenceStdioConfig();
    node = await startListeningNode({
      mcpServers: { ref: { ...ref, tools: { exclude: ["test_audio_content"] } } },
      tokens: [{ id: "reader", sha256: sha256Hex(DISCOVER_ONLY), scopes: ["discover"] }],
    });
    if (reference) direct = await connect(reference.url, {});
    client = await connect(`${node.url}/mcp/ref`);
  });
  afterAll(async () => {
    await client?.close();
    await direct?.close();
    await node?.close();
    await reference?.close();
  });

  test("when a client connects, then it sees the server's own name, instructions and capabilities", async () => {
    expect(client.getServerVersion()).toEqual({ name: "reference-server", version: "1.0.0" });
    expect(client.getInstructions()).toMatch(/^Reference server for gateway tests/);
    expect(client.getServerCapabilities()).toMatchObject({ tools: { listChanged: true }, resources: { subscribe: true }, prompts: {}, logging: {}, completions: {} });
  });

  test("when it lists tools, then they are the server's whole definitions under their own names, minus the operator's exclusions", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).not.toContain("test_audio_content");
    expect(tools.find((t) => t.name === "count")).toEqual({
      name: "count",
      title: "Counting tool",
      description: "Counts its calls",
      inputSchema: { type: "object", properties: {} },
      outputSchema: { type: "object", properties: { calls: { type: "number" } }, required: ["calls"] },
      annotations: { readOnlyHint: false, idempotentHint: false },
      icons: [{ src: "https://example.com/count.png", mimeType: "image/png" }],
      _meta: { ui: { resourceUri: "ui://count/view" } },
    });
    if (direct) expect(tools).toEqual((await direct.listTools()).tools.filter((t) => t.name !== "test_audio_content"));
    await expect(client.callTool({ name: "test_audio_content", arguments: {} })).rejects.toThrow(/unknown tool/);
  });

  test("when it calls a tool, then the server runs it exactly once", async () => {
    const before = (await stats(client)).calls.count ?? 0;
    const result = (await client.callTool({ name: "count", arguments: {} })) as CallToolResult;
    expect(result.structuredContent).toEqual({ calls: before + 1 });
    expect((await stats(client)).calls.count).toBe(before + 1);
  });

  test("when it uses resources, templates, subscriptions, prompts and completions, then they reach the server", async () => {
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(["test://static-text", "test://static-binary", "test://watched-resource"]);
    expect((await client.listResourceTemplates()).resourceTemplates[0].uriTemplate).toBe("test://template/{id}/data");
    expect((await client.readResource({ uri: "test://template/7/data" })).contents[0]).toMatchObject({ text: expect.stringContaining('"id":"7"') });
    const updated: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => {
      updated.push(n.params.uri);
    });
    await client.subscribeResource({ uri: "test://watched-resource" });
    await client.callTool({ name: "touch_watched", arguments: {} });
    await waitFor(() => updated.length > 0, 5000);
    expect(updated).toEqual(["test://watched-resource"]);
    await client.unsubscribeResource({ uri: "test://watched-resource" });
    expect((await client.callTool({ name: "touch_watched", arguments: {} })) as CallToolResult).toMatchObject({ content: [{ text: "notified 0" }] });

    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain("test_prompt_with_arguments");
    const prompt = await client.getPrompt({ name: "test_prompt_with_arguments", arguments: { arg1: "a", arg2: "b" } });
    expect(prompt.messages[0].content).toEqual({ type: "text", text: "Prompt with arguments: arg1='a', arg2='b'" });
    const completion = await client.complete({ ref: { type: "ref/prompt", name: "test_prompt_with_arguments" }, argument: { name: "arg1", value: "pa" } });
    expect(completion.completion.values).toEqual(["paris", "park", "party"]);
  });

  test("when the server logs, reports progress or changes its prompts, then the client gets the notifications", async () => {
    const logs: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => {
      logs.push(n.params.data);
    });
    await client.setLoggingLevel("info");
    await client.callTool({ name: "test_tool_with_logging", arguments: {} });
    expect(logs).toEqual(["Tool execution started", "Tool processing data", "Tool execution completed"]);
    const progress: Progress[] = [];
    await client.callTool({ name: "test_tool_with_progress", arguments: {} }, undefined, { onprogress: (p) => progress.push(p) });
    expect(progress.map((p) => p.progress)).toEqual([0, 50, 100]);
    let changed = 0;
    client.setNotificationHandler(PromptListChangedNotificationSchema, async () => {
      changed++;
    });
    await client.callTool({ name: "add_prompt", arguments: {} });
    await waitFor(() => changed > 0, 5000);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain("extra_prompt");
  });

  test("when the server asks the client (sampling, elicitation, roots) during a call, then the client that called answers", async () => {
    expect(text(await client.callTool({ name: "test_sampling", arguments: { prompt: "hi" } }))).toBe("LLM response: echo: hi");
    expect(text(await client.callTool({ name: "test_elicitation", arguments: { message: "who?" } }))).toBe('User response: action=accept, content={"username":"ada","email":"ada@example.com"}');
    expect(JSON.parse(text(await client.callTool({ name: "list_roots", arguments: {} })))).toEqual([{ uri: "file:///work", name: "work" }]);
  });

  test("when the client cancels a call, or its HTTP request closes, then the server is told to cancel", async () => {
    const before = (await stats(client)).cancelled;
    const abort = new AbortController();
    const call = client.callTool({ name: "slow", arguments: { ms: 20_000 } }, undefined, { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 300));
    abort.abort();
    await expect(call).rejects.toThrow();
    await waitFor(async () => (await stats(client)).cancelled === before + 1, 5000);

    // a raw request on the same session whose connection drops mid-call
    const session = (client.transport as StreamableHTTPClientTransport).sessionId as string;
    const dropped = new AbortController();
    const raw = httpRequest(`${node.url}/mcp/ref`, {
      method: "POST",
      signal: dropped.signal,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": session, "mcp-protocol-version": "2025-06-18" },
      body: JSON.stringify({ jsonrpc: "2.0", id: "raw-1", method: "tools/call", params: { name: "slow", arguments: { ms: 20_000 } } }),
    });
    const res = await raw;
    expect(res.statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    dropped.abort();
    await waitFor(async () => (await stats(client)).cancelled === before + 2, 5000);
  });

  test("when a token has only the discover scope, then it can list but not call", async () => {
    const reader = await connect(`${node.url}/mcp/ref`, { authorization: `Bearer ${DISCOVER_ONLY}` });
    try {
      expect((await reader.listTools()).tools.length).toBeGreaterThan(5);
      await expect(reader.callTool({ name: "count", arguments: {} })).rejects.toThrow(/execute scope/);
    } finally {
      await reader.close();
    }
  });

  test("when a request's params do not fit its method, then the node answers -32602 without bothering the server", async () => {
    const session = (client.transport as StreamableHTTPClientTransport).sessionId as string;
    const res = await httpRequest(`${node.url}/mcp/ref`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": session },
      body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "prompts/get", params: { arguments: {} } }),
    });
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toMatchObject({ id: 9, error: { code: -32602, message: expect.stringMatching(/^invalid params for prompts\/get: params.name/) } });
  });

  test("when another token presents this session's id, then the session is unknown to it", async () => {
    const session = (client.transport as StreamableHTTPClientTransport).sessionId as string;
    const res = await httpRequest(`${node.url}/mcp/ref`, {
      method: "POST",
      headers: { authorization: `Bearer ${DISCOVER_ONLY}`, "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": session },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    await res.body.dump();
    expect(res.statusCode).toBe(404);
  });
});

describe("/mcp/<server> when the hosted Streamable HTTP server restarts", () => {
  test("when the server forgets the session, then the client's session ends too and a new one works", async () => {
    let reference = await startReferenceServer();
    const port = Number(new URL(reference.url).port);
    const node = await startListeningNode({ mcpServers: { ref: { url: reference.url } } });
    const client = await connect(`${node.url}/mcp/ref`);
    try {
      expect(text(await client.callTool({ name: "test_simple_text", arguments: {} }))).toMatch(/simple text/);
      await reference.close();
      reference = await startReferenceServer(port);
      // the restarted server answers 404 to the old upstream session: the call fails, the session ends
      await expect(client.callTool({ name: "test_simple_text", arguments: {} })).rejects.toThrow();
      await expect(client.listTools()).rejects.toThrow(/404|not found|session/i);
      const again = await connect(`${node.url}/mcp/ref`);
      try {
        expect(text(await again.callTool({ name: "test_simple_text", arguments: {} }))).toMatch(/simple text/);
      } finally {
        await again.close();
      }
    } finally {
      await client.close();
      await node.close();
      await reference.close();
    }
  });
});

describe("/mcp/<server> in front of a stdio server with maxConcurrent", () => {
  test("when more clients open sessions than the server may run processes, then the next one gets 503", async () => {
    const node = await startListeningNode({ mcpServers: { ref: referenceStdioConfig({ maxConcurrent: 1 }) } });
    const first = await connect(`${node.url}/mcp/ref`);
    try {
      await expect(connect(`${node.url}/mcp/ref`)).rejects.toThrow(/503/);
      expect(text(await first.callTool({ name: "test_simple_text", arguments: {} }))).toMatch(/simple text/);
    } finally {
      await first.close();
      await node.close();
    }
  });
});

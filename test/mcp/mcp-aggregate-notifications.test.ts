import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { join } from "node:path";
import { PromptListChangedNotificationSchema, ResourceListChangedNotificationSchema, ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { referenceStdioConfig } from "../support/reference-server";
import { ADMIN_TOKEN, ROOT, startListeningNode, waitFor } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

describe("the aggregated /mcp: completions, resource subscriptions and list_changed of hosted servers", () => {
  let node: Listening;
  const clients: Client[] = [];
  const WATCHED = "test://watched-resource";

  async function connect(): Promise<Client> {
    const client = new Client({ name: "notify-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${node.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } }));
    clients.push(client);
    return client;
  }
  const touch = async (client: Client) => (client.callTool({ name: "ref__touch_watched", arguments: {} }) as Promise<{ content: { text: string }[] }>).then((r) => r.content[0].text);

  beforeAll(async () => {
    node = await startListeningNode({ mcpServers: { ref: referenceStdioConfig(), change: { command: process.execPath, args: [join(ROOT, "test/fixtures/servers/list-change-server.js")] } } });
    await waitFor(() => node.node.hosted.get("ref")?.status().state === "ready" && node.node.hosted.get("change")?.status().state === "ready");
  });
  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await node?.close();
  });

  test("when a client connects, then the node declares subscribe, list_changed and completions", async () => {
    const client = await connect();
    expect(client.getServerCapabilities()).toMatchObject({ resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, completions: {} });
  });

  test("when a client asks for completions of a prompt or a template, then the owning server answers", async () => {
    const client = await connect();
    const prompt = await client.complete({ ref: { type: "ref/prompt", name: "ref__test_prompt_with_arguments" }, argument: { name: "arg1", value: "par" } });
    expect(prompt.completion.values).toEqual(["paris", "park", "party"]);
    const template = await client.complete({ ref: { type: "ref/resource", uri: "test://template/{id}/data" }, argument: { name: "id", value: "te" } });
    expect(template.completion.values).toEqual(["testing", "tests"]);
    await expect(client.complete({ ref: { type: "ref/prompt", name: "ref__nope" }, argument: { name: "a", value: "" } })).rejects.toThrow(/unknown prompt/);
  });

  test("when two sessions subscribe to a resource, then each gets notifications/resources/updated until it unsubscribes", async () => {
    const a = await connect();
    const b = await connect();
    const seen = { a: [] as string[], b: [] as string[] };
    a.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => void seen.a.push(n.params.uri));
    b.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => void seen.b.push(n.params.uri));
    await a.subscribeResource({ uri: WATCHED });
    await b.subscribeResource({ uri: WATCHED });
    // one upstream subscription serves both sessions
    expect(await touch(a)).toBe("notified 1");
    await waitFor(() => seen.a.length === 1 && seen.b.length === 1, 5000);
    expect(seen).toEqual({ a: [WATCHED], b: [WATCHED] });

    await a.unsubscribeResource({ uri: WATCHED });
    await touch(a);
    await waitFor(() => seen.b.length === 2, 5000);
    expect(seen.a).toEqual([WATCHED]);

    // the last subscriber leaving ends the upstream subscription
    await b.unsubscribeResource({ uri: WATCHED });
    expect(await touch(a)).toBe("notified 0");
  });

  test("when a subscribed session closes, then the upstream subscription ends with it", async () => {
    const a = await connect();
    await a.subscribeResource({ uri: WATCHED });
    expect(await touch(a)).toBe("notified 1");
    await (a.transport as StreamableHTTPClientTransport).terminateSession();
    await a.close();
    const b = await connect();
    await waitFor(async () => (await touch(b)) === "notified 0", 5000);
  });

  test("when a client subscribes to a URI no hosted server owns, then it gets a resource-not-found error", async () => {
    const client = await connect();
    await expect(client.subscribeResource({ uri: "test://missing" })).rejects.toThrow(/not found/);
  });

  test("when a hosted server's prompt list changes, then every session gets prompts list_changed", async () => {
    const a = await connect();
    const b = await connect();
    let changed = 0;
    a.setNotificationHandler(PromptListChangedNotificationSchema, async () => void changed++);
    b.setNotificationHandler(PromptListChangedNotificationSchema, async () => void changed++);
    await a.callTool({ name: "ref__add_prompt", arguments: {} });
    await waitFor(() => changed === 2, 5000);
    expect((await b.listPrompts()).prompts.map((p) => p.name)).toContain("ref__extra_prompt");
  });

  test("when a hosted server's resource list changes, then every session gets resources list_changed", async () => {
    const a = await connect();
    let changed = 0;
    a.setNotificationHandler(ResourceListChangedNotificationSchema, async () => void changed++);
    expect((await a.listResources()).resources.map((r) => r.uri)).not.toContain("change://second");
    await a.callTool({ name: "change__add_resource", arguments: {} });
    await waitFor(() => changed === 1, 5000);
    expect((await a.listResources()).resources.map((r) => r.uri)).toContain("change://second");
  });

  test("when a request without a session subscribes, then it is refused (no stream to send updates on)", async () => {
    const res = await fetch(`${node.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "resources/subscribe", params: { uri: WATCHED } }),
    });
    expect(await res.json()).toMatchObject({ error: { code: -32600, message: expect.stringMatching(/needs a session/) } });
  });
});

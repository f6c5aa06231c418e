import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import { startGatewayServer, type GatewayServer } from "../support/gateway-server";
import { ADMIN_TOKEN, ROOT, startListeningNode, waitFor } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;
type Line = LoggingMessageNotification["params"];

const RELAY_SERVER = join(ROOT, "test/fixtures/servers/relay-server.js");

describe("logging on the aggregated /mcp", () => {
  let upstream: GatewayServer;
  let n: Listening;
  const clients: Client[] = [];

  async function connect(): Promise<{ client: Client; lines: Line[]; transport: StreamableHTTPClientTransport }> {
    const client = new Client({ name: "logging-test", version: "1.0.0" });
    const lines: Line[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, async (note) => void lines.push(note.params));
    const transport = new StreamableHTTPClientTransport(new URL(`${n.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } });
    await client.connect(transport);
    clients.push(client);
    return { client, lines, transport };
  }
  const levelsOf = (lines: Line[]) => lines.map((l) => l.level);

  beforeAll(async () => {
    upstream = await startGatewayServer({ json: false });
    n = await startListeningNode({ mcpServers: { gw: { url: upstream.url }, st: { command: process.execPath, args: [RELAY_SERVER] } } });
    await waitFor(() => n.node.hosted.get("gw")?.status().state === "ready" && n.node.hosted.get("st")?.status().state === "ready");
  });
  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await n?.close();
    await upstream?.close();
  });

  test("when a client connects, then the node declares the logging capability", async () => {
    const { client } = await connect();
    expect(client.getServerCapabilities()?.logging).toEqual({});
  });

  test("when a session sets a level, then it is forwarded upstream and the call's lines at or above it reach the caller", async () => {
    const { client, lines } = await connect();
    await client.setLoggingLevel("info");
    await waitFor(() => upstream.state.logLevel === "info");
    const result = await client.callTool({ name: "gw__log", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "logged" }]);
    await waitFor(() => lines.length >= 2);
    expect(levelsOf(lines)).toEqual(["info", "error"]);
    expect(lines[0]).toMatchObject({ logger: "gw", data: "a info line" });
  });

  test("when a stdio server logs during the one call that wants logs, then the caller hears those lines", async () => {
    const { client, lines } = await connect();
    await client.setLoggingLevel("info");
    await client.callTool({ name: "st__log", arguments: {} });
    await waitFor(() => lines.length >= 2);
    expect(levelsOf(lines)).toEqual(["info", "error"]);
    expect(lines[0]).toMatchObject({ logger: "relay" });
  });

  test("when a session never set a level, then its calls bring it no log lines", async () => {
    const { client, lines } = await connect();
    await client.callTool({ name: "gw__log", arguments: {} });
    await client.callTool({ name: "st__log", arguments: {} });
    await new Promise((r) => setTimeout(r, 200));
    expect(lines).toEqual([]);
  });

  test("when two sessions ask for different levels, then upstream gets the most verbose and each hears only its own calls at its own level", async () => {
    const quiet = await connect();
    const loud = await connect();
    await quiet.client.setLoggingLevel("error");
    await loud.client.setLoggingLevel("debug");
    await waitFor(() => upstream.state.logLevel === "debug");
    await loud.client.callTool({ name: "gw__log", arguments: {} });
    await waitFor(() => loud.lines.length >= 3);
    expect(levelsOf(loud.lines)).toEqual(["debug", "info", "error"]);
    await quiet.client.callTool({ name: "gw__log", arguments: {} });
    await waitFor(() => quiet.lines.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(levelsOf(quiet.lines)).toEqual(["error"]);
    expect(levelsOf(loud.lines)).toEqual(["debug", "info", "error"]);
    // the most verbose session ends: upstream goes back to what the others want
    await loud.transport.terminateSession();
    await loud.client.close();
    await waitFor(() => upstream.state.logLevel === "info", 5_000);
  });

  test("when two callers that want logs share a stdio connection, then an untied line reaches neither rather than a guess", async () => {
    const waiting = await connect();
    const logging = await connect();
    await waiting.client.setLoggingLevel("debug");
    await logging.client.setLoggingLevel("debug");
    const controller = new AbortController();
    const held = waiting.client.callTool({ name: "st__wait", arguments: {} }, undefined, { signal: controller.signal }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    await logging.client.callTool({ name: "st__log", arguments: {} });
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await held;
    expect(waiting.lines).toEqual([]);
    expect(logging.lines).toEqual([]);
  });
});

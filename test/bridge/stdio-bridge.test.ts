import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CLI, cleanEnv } from "../support/spawn-cli";
import { ADMIN_TOKEN, startListeningNode, tempDir, testServerConfig } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

const idOf = (meta: Record<string, unknown> | undefined) => meta?.["io.mcpfed/id"] ?? meta?.["mcpfed/id"];

describe("mcpfed connect (the stdio bridge)", () => {
  let node: Listening | undefined;
  let client: Client | undefined;
  const temp = tempDir();

  afterAll(async () => {
    await client?.close();
    await node?.close();
    temp.cleanup();
  });

  const start = (port: number, idle = "30m") =>
    startListeningNode({ node: { name: "bridged", port }, mcpServers: { test: testServerConfig() }, mcp: { sessionIdleTimeout: idle } }, { dir: temp.dir });

  const add = async (a: number, b: number) => {
    const { tools } = await client!.listTools();
    const tool = tools.find((t) => idOf(t._meta) === "test.add")!;
    return client!.callTool({ name: tool.name, arguments: { a, b } });
  };

  test("when the node restarts between two calls, then the next call through the bridge succeeds without the client reconnecting", async () => {
    node = await start(0);
    const port = Number(new URL(node.url).port);
    const env = cleanEnv({ MCP_FEDERATION_TOKEN: ADMIN_TOKEN });
    client = new Client({ name: "stdio-client", version: "1" });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [CLI, "connect", node.url], env: env as Record<string, string>, stderr: "pipe" }),
    );
    expect((await add(1, 2)).content).toEqual([{ type: "text", text: "3" }]);

    await node.close();
    node = await start(port);
    // the restarted node does not know the bridge's session: 404, then a new session, then the call
    expect((await add(2, 3)).content).toEqual([{ type: "text", text: "5" }]);
    expect((await add(3, 4)).content).toEqual([{ type: "text", text: "7" }]);
  });

  test("when the node lets the bridge's session idle out, then the next call opens a new session and succeeds", async () => {
    const port = Number(new URL(node!.url).port);
    await node!.close();
    node = await start(port, "200ms");
    expect((await add(1, 1)).content).toEqual([{ type: "text", text: "2" }]);
    await new Promise((r) => setTimeout(r, 800)); // past the idle timeout and the node's sweep
    expect((await add(4, 4)).content).toEqual([{ type: "text", text: "8" }]);
  });
});

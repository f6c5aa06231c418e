import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { toolSetScope } from "../../src/mcp/tool-sets";
import { ADMIN_TOKEN, startListeningNode, startTestNode, testServerConfig } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: "sets-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } }));
  return client;
}

describe("named tool sets (mcp.toolSets)", () => {
  let node: Listening;

  beforeAll(async () => {
    node = await startListeningNode({
      mcpServers: { a: testServerConfig({ tools: { include: ["ping", "add"] } }), b: testServerConfig({ tools: { include: ["ping"] } }) },
      mcp: { toolSets: { math: { include: ["*.add"] }, "not-b": { exclude: ["b.*"] } } },
    });
  });
  afterAll(async () => {
    await node?.close();
  });

  test("when a client connects to /mcp/<set>, then it sees and can call only the set's tools", async () => {
    const math = await connect(`${node.url}/mcp/math`);
    const notB = await connect(`${node.url}/mcp/not-b`);
    try {
      expect((await math.listTools()).tools.map((t) => t.name)).toEqual(["a__add", "search_tools"]);
      expect(((await math.callTool({ name: "a__add", arguments: { a: 1, b: 2 } })) as CallToolResult).content).toEqual([{ type: "text", text: "3" }]);
      await expect(math.callTool({ name: "a__ping", arguments: {} })).rejects.toThrow(/unknown tool/);
      const hits = ((await math.callTool({ name: "search_tools", arguments: { query: "ping" } })) as CallToolResult).structuredContent as { tools: { id: string }[] };
      expect(hits.tools.every((h) => h.id === "a.add")).toBe(true);
      expect((await notB.listTools()).tools.map((t) => t.name)).toEqual(["a__add", "a__ping", "search_tools"]);
    } finally {
      await Promise.all([math.close(), notB.close()]);
    }
  });

  test("when the path names neither a set nor a server, then it is 404", async () => {
    const res = await fetch(`${node.url}/mcp/nothing`, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(404);
  });

  test("when a tool set has a server's name, then the node does not start", async () => {
    await expect(startTestNode({ mcpServers: { a: testServerConfig() }, mcp: { toolSets: { a: { include: ["*"] } } } })).rejects.toThrow(/cannot have the name of a server/);
  });

  test.each([
    [{ include: ["everything.*"] }, "everything.echo", true],
    [{ include: ["everything.*"] }, "other.echo", false],
    [{ include: ["*@partner.example"] }, "search.query@partner.example", true],
    [{ include: ["*@partner.example"] }, "search.query@other.example", false],
    [{ include: ["*"], exclude: ["*@*"] }, "search.query@partner.example", false],
    [{}, "anything.at@all", true],
  ])("when the set is %j, then %s is included: %s", (set, id, included) => {
    expect(toolSetScope("s", set).includes(id)).toBe(included);
  });
});

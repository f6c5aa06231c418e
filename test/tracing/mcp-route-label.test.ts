import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import request from "supertest";
import { ADMIN_TOKEN, auth, startListeningNode, testServerConfig } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

describe("metrics route labels for /mcp", () => {
  let node: Listening;
  beforeAll(async () => {
    node = await startListeningNode({ mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) } });
  });
  afterAll(async () => {
    await node?.close();
  });

  async function callPing(path: string): Promise<void> {
    const client = new Client({ name: "label-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${node.url}${path}`), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } }));
    const tools = await client.listTools();
    await client.callTool({ name: tools.tools.find((t) => t.name.endsWith("ping"))!.name, arguments: {} });
    await client.close();
  }

  test("when clients use /mcp and /mcp/<server>, then their requests are counted under their own routes, not as other", async () => {
    const before = (await request(node.node.app).get("/metrics").set(auth())).text;
    expect(before).not.toMatch(/route="\/mcp/);
    await callPing("/mcp");
    await callPing("/mcp/test");
    const text = (await request(node.node.app).get("/metrics").set(auth())).text;
    expect(text).toMatch(/mcpfed_http_requests_total\{method="POST",route="\/mcp",status="200"\} [3-9]/);
    expect(text).toMatch(/mcpfed_http_requests_total\{method="POST",route="\/mcp\/:server",status="200"\} [3-9]/);
    expect(text).not.toMatch(/mcpfed_http_requests_total\{method="POST",route="other"/);
  });
});

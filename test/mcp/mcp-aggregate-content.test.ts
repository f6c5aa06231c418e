import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { referenceStdioConfig } from "../support/reference-server";
import { ADMIN_TOKEN, startListeningNode, testServerConfig } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

describe("hosted servers' resources, prompts and instructions on the aggregated /mcp", () => {
  let node: Listening;
  let client: Client;

  beforeAll(async () => {
    node = await startListeningNode({ mcpServers: { ref: referenceStdioConfig(), plain: testServerConfig({ tools: { include: ["ping"] } }) } });
    client = new Client({ name: "aggregate-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${node.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } }));
  });
  afterAll(async () => {
    await client?.close();
    await node?.close();
  });

  test("when a client connects, then each hosted server's instructions are in the node's", () => {
    expect(client.getInstructions()).toMatch(/## ref\nReference server for gateway tests/);
  });

  test("when it lists and reads resources, then each is served by the server that owns it", async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(["mcpfed://directory", "test://static-text", "test://static-binary", "test://watched-resource"]);
    expect(resources[1]._meta).toEqual({ "io.mcpfed/server": "ref" });
    expect((await client.readResource({ uri: "test://static-text" })).contents[0]).toMatchObject({ text: "This is the content of the static text resource." });
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual(["test://template/{id}/data"]);
    expect((await client.readResource({ uri: "test://template/9/data" })).contents[0]).toMatchObject({ text: expect.stringContaining('"id":"9"') });
    await expect(client.readResource({ uri: "test://missing" })).rejects.toThrow(/not found/);
  });

  test("when it lists and gets prompts, then they carry the server prefix and reach their server", async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(["ref__test_prompt_with_arguments", "ref__test_prompt_with_embedded_resource", "ref__test_prompt_with_image", "ref__test_simple_prompt"]);
    expect(prompts[0]._meta).toEqual({ "io.mcpfed/server": "ref", "io.mcpfed/id": "ref.test_prompt_with_arguments" });
    const got = await client.getPrompt({ name: "ref__test_prompt_with_arguments", arguments: { arg1: "x", arg2: "y" } });
    expect(got.messages[0].content).toEqual({ type: "text", text: "Prompt with arguments: arg1='x', arg2='y'" });
    await expect(client.getPrompt({ name: "ref__nope" })).rejects.toThrow(/unknown prompt/);
  });
});

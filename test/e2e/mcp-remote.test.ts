import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { referenceStdioConfig } from "../support/reference-server";
import { cleanEnv } from "../support/spawn-cli";
import { ADMIN_TOKEN, ROOT, startListeningNode, tempDir, testServerConfig } from "../support/test-node";

const MCP_REMOTE = join(ROOT, "node_modules/mcp-remote/dist/proxy.js");
const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

/** mcp-remote (a third-party stdio-to-remote proxy, as Claude Desktop users run it) in front of `url`. */
async function viaMcpRemote(url: string, dir: string): Promise<Client> {
  const headers = join(dir, "headers.txt");
  writeFileSync(headers, `Authorization: Bearer ${ADMIN_TOKEN}\n`, { mode: 0o600 });
  const client = new Client({ name: "desktop", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [MCP_REMOTE, url, "--header-file", headers, "--transport", "http-only"],
      env: { ...(cleanEnv() as Record<string, string>), MCP_REMOTE_CONFIG_DIR: join(dir, "mcp-auth") },
      stderr: "pipe",
    }),
  );
  return client;
}

describe("mcp-remote as a real third-party client", () => {
  let node: Awaited<ReturnType<typeof startListeningNode>>;
  const temp = tempDir("mcpfed-mcp-remote-");

  beforeAll(async () => {
    node = await startListeningNode({ mcpServers: { local: testServerConfig({ tools: { include: ["ping", "add"] } }), ref: referenceStdioConfig() } });
  });
  afterAll(async () => {
    await node?.close();
    temp.cleanup();
  });

  test("when mcp-remote connects to /mcp, then it lists and calls the federation's tools", async () => {
    const client = await viaMcpRemote(`${node.url}/mcp`, temp.dir);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(["local__ping", "local__add", "search_tools"]));
      expect(text(await client.callTool({ name: "local__add", arguments: { a: 2, b: 3 } }))).toBe("5");
      expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain("ref__test_simple_prompt");
    } finally {
      await client.close();
    }
  }, 60_000);

  test("when mcp-remote connects to /mcp/<server>, then the server's own tools, progress and resources come through", async () => {
    const client = await viaMcpRemote(`${node.url}/mcp/ref`, temp.dir);
    try {
      expect(client.getServerVersion()?.name).toBe("reference-server");
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("test_simple_text");
      expect(text(await client.callTool({ name: "test_simple_text", arguments: {} }))).toBe("This is a simple text response for testing.");
      const progress: number[] = [];
      await client.callTool({ name: "test_tool_with_progress", arguments: {} }, undefined, { onprogress: (p) => progress.push(p.progress) });
      // under heavy load mcp-remote sometimes hands the last notification over after the result, which
      // the SDK client then drops; the exact sequence is checked with the SDK client in mcp-passthrough.test.ts
      expect(progress.slice(0, 2)).toEqual([0, 50]);
      expect((await client.readResource({ uri: "test://static-text" })).contents[0]).toMatchObject({ text: "This is the content of the static text resource." });
    } finally {
      await client.close();
    }
  }, 60_000);
});

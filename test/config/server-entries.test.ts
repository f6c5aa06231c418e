import { NodeConfigSchema } from "../../src/config/config-schema";

const parse = (mcpServers: Record<string, unknown>) => NodeConfigSchema.safeParse({ mcpServers });

describe("mcpServers entries as other MCP clients write them", () => {
  test.each([
    ["stdio", { type: "stdio", command: "node", args: ["s.js"] }],
    ["http", { type: "http", url: "https://tools.example/mcp", headers: { "x-api-key": "k" } }],
    ["streamable-http", { type: "streamable-http", url: "https://tools.example/mcp" }],
    ["sse", { type: "sse", url: "https://tools.example/sse" }],
    ["no type (Claude Desktop)", { command: "npx", args: ["-y", "pkg"] }],
    ["session isolation", { command: "node", isolation: "session" }],
  ])("when an entry has %s, then it is accepted", (_label, entry) => {
    expect(parse({ srv: entry }).success).toBe(true);
  });

  test.each([
    ["a type that does not fit the entry", { type: "sse", command: "node" }],
    ["an unknown type", { type: "websocket", url: "https://tools.example/ws" }],
    ["an unknown isolation", { command: "node", isolation: "tenant" }],
  ])("when an entry has %s, then it is rejected", (_label, entry) => {
    expect(parse({ srv: entry }).success).toBe(false);
  });

  test.each([
    ["GitHub_Server-2", true],
    ["a".repeat(64), true],
    ["a".repeat(65), false],
    ["has.dot", false],
    ["has space", false],
    ["", false],
  ])("when a server is named %j, then accepted is %s", (name, ok) => {
    const result = parse({ [name]: { command: "node" } });
    expect(result.success).toBe(ok);
    if (!ok) expect(JSON.stringify(result.error?.issues)).toContain("^[A-Za-z0-9_-]{1,64}$");
  });
});

import { NodeConfigSchema } from "../../src/config/config-schema";

describe("directory fields of operator servers in the config", () => {
  test("when a server has tags, capabilities and a description, then they are kept; the heartbeat interval defaults to 30 s", () => {
    const config = NodeConfigSchema.parse({
      mcpServers: { app: { command: "node", args: ["app.js"], tags: ["dfs"], capabilities: ["data.read"], description: "Document store" } },
    });
    expect(config.mcpServers.app).toMatchObject({ tags: ["dfs"], capabilities: ["data.read"], description: "Document store" });
    expect(config.governance.heartbeatInterval).toBe(30_000);
    expect(NodeConfigSchema.parse({ governance: { heartbeatInterval: "5s" } }).governance.heartbeatInterval).toBe(5_000);
  });

  test.each([
    ["a tag with a space", { tags: ["bad tag"] }],
    ["an upper-case capability", { capabilities: ["Data.Read"] }],
    ["21 tags", { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
    ["a description that is not text", { description: 42 }],
  ])("when a server has %s, then the config is refused", (_label, extra) => {
    expect(NodeConfigSchema.safeParse({ mcpServers: { app: { command: "node", ...extra } } }).success).toBe(false);
  });

  test("when the heartbeat interval is not a duration, then the config is refused", () => {
    expect(NodeConfigSchema.safeParse({ governance: { heartbeatInterval: "soon" } }).success).toBe(false);
  });
});

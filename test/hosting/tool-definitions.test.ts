import request from "supertest";
import { DESCRIBED_TOOL, startGatewayServer, type GatewayServer } from "../support/gateway-server";
import { auth, startTestNode, tempDir } from "../support/test-node";

describe("tool definitions kept whole", () => {
  let upstream: GatewayServer;
  const temp = tempDir();

  beforeAll(async () => {
    upstream = await startGatewayServer({ json: true });
  });
  afterAll(async () => {
    await upstream.close();
    temp.cleanup();
  });

  test("when a server lists a tool with title, annotations, outputSchema, execution, icons and _meta, then the catalog entry keeps every field as sent, across a restart of the node", async () => {
    const config = { mcpServers: { gw: { url: upstream.url } } };
    const first = await startTestNode(config, { dir: temp.dir });
    try {
      expect(first.node.catalog.get("gw.described")?.entry.definition).toEqual(DESCRIBED_TOOL);
      expect(first.node.hosted.get("gw")?.tools.find((t) => t.name === "described")).toEqual(DESCRIBED_TOOL);
    } finally {
      await first.close();
    }
    // the stored entry, read back before the server is reached again
    await upstream.close();
    const again = await startTestNode(config, { dir: temp.dir, pingIntervalMs: 0 });
    try {
      expect(again.node.catalog.get("gw.described")?.entry.definition).toEqual(DESCRIBED_TOOL);
    } finally {
      await again.close();
      upstream = await startGatewayServer({ json: true, port: upstream.port });
    }
  });

  test("when a tool requires task-based execution, then it is not published, and its call path is never offered", async () => {
    const n = await startTestNode({ mcpServers: { gw: { url: upstream.url } } });
    try {
      expect(n.node.catalog.get("gw.count")).toBeDefined();
      expect(n.node.catalog.get("gw.task-only")).toBeUndefined();
      expect(n.node.hosted.get("gw")?.tools.map((t) => t.name)).not.toContain("task-only");
      const res = await request(n.node.app).post("/execute").set(auth()).send({ mcp_name: "gw.task-only", kwargs: {} });
      expect(res.status).toBe(404);
      const listed = await request(n.node.app).get("/discover").set(auth());
      expect(listed.body.map((t: { name: string }) => t.name)).not.toContain("gw.task-only");
    } finally {
      await n.close();
    }
  });

  test("when the server sent instructions, then the hosted server exposes them", async () => {
    const n = await startTestNode({ mcpServers: { gw: { url: upstream.url } } });
    try {
      expect(n.node.hosted.get("gw")?.instructions).toBe("Use count to count.");
      expect(n.node.hosted.instructions()).toEqual({ gw: "Use count to count." });
    } finally {
      await n.close();
    }
  });
});

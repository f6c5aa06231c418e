import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { ADMIN_TOKEN, auth, startListeningNode, testServerConfig } from "../support/test-node";
import { startToolServer, type ToolServer } from "../support/tool-server";

const ORG_A = "review-endpoints-org-a-token-0000001";
const INIT = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } };

/**
 * Every `endpoints.mcp` the directory gives must be an MCP endpoint that answers: a client that
 * follows it must not hit a 404.
 */
describe("directory endpoints that answer", () => {
  let a: Awaited<ReturnType<typeof startListeningNode>>;
  let remote: ToolServer;

  beforeAll(async () => {
    remote = await startToolServer([{ name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } } } }]);
    a = await startListeningNode({
      mcpServers: { app: testServerConfig({ tools: { include: ["ping"] } }) },
      tokens: [{ id: "org-a", sha256: sha256Hex(ORG_A), scopes: ["register", "discover", "execute"] }],
      governance: { allowPrivateRemotes: true, semgrep: { bin: "/nonexistent/semgrep" } },
    });
    const reg = await request(a.node.app).post("/register").set(auth(ORG_A)).send({ name: "weather", description: "Weather forecasts", version: "1.0.0", remote: { type: "streamable-http", url: remote.url } });
    expect(reg.status).toBe(201);
  });
  afterAll(async () => {
    await a?.close();
    await remote?.close();
  });

  test("when a client follows a hosted or registered server's endpoints.mcp, then it reaches an MCP endpoint", async () => {
    const { servers } = (await request(a.node.app).get("/directory/servers").set(auth(ADMIN_TOKEN))).body as { servers: { id: string; endpoints: { mcp: string | null } }[] };
    const byId = Object.fromEntries(servers.map((s) => [s.id, s]));
    expect(Object.keys(byId)).toEqual(expect.arrayContaining(["app", "weather"]));
    for (const id of ["app", "weather"]) {
      const endpoint = byId[id].endpoints.mcp;
      expect(endpoint).not.toBeNull();
      const path = new URL(endpoint as string).pathname;
      const res = await request(a.node.app).post(path).set(auth(ADMIN_TOKEN)).set("Accept", "application/json, text/event-stream").send(INIT);
      expect({ id, status: res.status }).toEqual({ id, status: 200 });
    }
  });
});

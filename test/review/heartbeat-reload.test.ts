import pino from "pino";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { createNode, type McpfedNode } from "../../src/node/create-node";
import { auth, buildConfig, tempDir, waitFor } from "../support/test-node";
import { startToolServer, type ToolServer } from "../support/tool-server";

const ORG_A = "review-heartbeat-reload-org-a-000001";

/** `governance.heartbeatInterval` follows /admin/reload: members are judged by the new interval. */
describe("heartbeat interval on reload", () => {
  const { dir, cleanup } = tempDir();
  let remote: ToolServer;
  let node: McpfedNode;
  const base = (heartbeatInterval: string) =>
    buildConfig(dir, {
      tokens: [{ id: "org-a", sha256: sha256Hex(ORG_A), scopes: ["register", "discover", "execute"] }],
      governance: { allowPrivateRemotes: true, heartbeatInterval, semgrep: { bin: "/nonexistent/semgrep" } },
    });
  let current = buildConfig(dir, {});

  beforeAll(async () => {
    remote = await startToolServer([{ name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } } } }]);
    current = base("1h");
    node = await createNode(current, { logger: pino({ level: "silent" }), reloadConfig: () => current });
    await node.start();
    const reg = await request(node.app).post("/register").set(auth(ORG_A)).send({ name: "weather", description: "Weather forecasts", version: "1.0.0", remote: { type: "streamable-http", url: remote.url } });
    expect(reg.status).toBe(201);
  });
  afterAll(async () => {
    await node?.stop();
    await remote?.close();
    cleanup();
  });

  const status = async () => (await request(node.app).get("/directory/servers/weather").set(auth(ORG_A))).body.status as string;

  test("when the interval is shortened by a reload, then a member that stopped beating goes stale by the new one", async () => {
    const first = await request(node.app).post("/register/weather/heartbeat").set(auth(ORG_A)).send({});
    expect(first.body.interval).toBe(3_600_000);
    expect(await status()).toBe("active");
    current = base("150ms");
    expect((await request(node.app).post("/admin/reload").set(auth())).status).toBe(200);
    await waitFor(async () => (await status()) === "stale", 5_000, 50);
    const again = await request(node.app).post("/register/weather/heartbeat").set(auth(ORG_A)).send({});
    expect(again.body).toMatchObject({ interval: 150, staleAfter: 450 });
    expect(await status()).toBe("active");
  });
});

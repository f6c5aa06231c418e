import { writeFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { ADMIN_TOKEN, ROOT, auth, startListeningNode, startTestNode, tempDir, testServerConfig, waitFor, type TestNode } from "../support/test-node";
import { startToolServer, type ToolServer } from "../support/tool-server";

const ORG_A = "org-a-healthz-token-0000000000001";
const INTERVAL_MS = 300;
const MORTAL = join(ROOT, "test/fixtures/servers/until-marker-server.js");

type Listening = Awaited<ReturnType<typeof startListeningNode>>;
type Health = { status: string; members: { id: string; origin: string; status: string }[]; offlinePeers: string[]; servers: Record<string, { state: string }> };

describe("/healthz with dead members and an offline peer", () => {
  let partner: Listening;
  let a: TestNode;
  let remote: ToolServer;
  let doomed: ToolServer;
  const marker = tempDir("mcpfed-marker-");
  const markerFile = join(marker.dir, "dead");
  // "weather" beats in one test and then stops: from then on it goes stale again every 0.9 s,
  // so the later tests look at the other members only
  const others = (h: Health) => h.members.filter((m) => m.id !== "weather");
  const health = async (token?: string): Promise<Health> => {
    const req = request(a.node.app).get("/healthz");
    const res = await (token ? req.set(auth(token)) : req);
    expect(res.status).toBe(200);
    return res.body as Health;
  };

  beforeAll(async () => {
    remote = await startToolServer([{ name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object" } }]);
    doomed = await startToolServer([{ name: "tides", description: "Returns the tides of a harbour.", inputSchema: { type: "object" } }]);
    partner = await startListeningNode({ node: { name: "partner" }, mcpServers: { search: testServerConfig({ tools: { include: ["add"] } }) } });
    a = await startTestNode({
      node: { name: "org-a" },
      mcpServers: {
        alive: testServerConfig({ tools: { include: ["ping"] } }),
        mortal: { command: process.execPath, args: [MORTAL], env: { MCPFED_DEAD_MARKER: markerFile } },
      },
      tokens: [{ id: "org-a", sha256: sha256Hex(ORG_A), scopes: ["register", "discover", "execute"] }],
      peers: [{ url: partner.url, token: ADMIN_TOKEN }],
      governance: { allowPrivateRemotes: true, heartbeatInterval: `${INTERVAL_MS}ms`, semgrep: { bin: "/nonexistent/semgrep" } },
    }, { pingIntervalMs: 500, engine: { timeoutMs: 1000, retries: 0, failureLimit: 2, probeIntervalMs: 60_000 } });
    for (const [name, url] of [["weather", remote.url], ["tides", doomed.url]]) {
      const reg = await request(a.node.app).post("/register").set(auth(ORG_A)).send({ name, description: "Sea and sky", version: "1.0.0", remote: { type: "streamable-http", url } });
      expect(reg.status).toBe(201);
    }
  });
  afterAll(async () => {
    await Promise.all([a, partner].filter(Boolean).map((n) => n.close()));
    await remote?.close();
    await doomed?.close();
    marker.cleanup();
  });

  test("when every member and peer is alive, then ok, with no member listed", async () => {
    expect(await health()).toEqual({ status: "ok" });
    expect(await health(ADMIN_TOKEN)).toMatchObject({ status: "ok", members: [], offlinePeers: [] });
  });

  test("when a beating member misses three intervals, then degraded with it listed as stale; a new beat makes it ok again", async () => {
    expect((await request(a.node.app).post("/register/weather/heartbeat").set(auth(ORG_A))).status).toBe(200);
    await waitFor(async () => (await health(ADMIN_TOKEN)).members.some((m) => m.id === "weather"), 10_000, 50);
    expect((await health()).status).toBe("degraded");
    expect((await health(ADMIN_TOKEN)).members).toEqual([expect.objectContaining({ id: "weather", origin: "registered", status: "stale" })]);
    expect((await request(a.node.app).post("/register/weather/heartbeat").set(auth(ORG_A))).status).toBe(200);
    expect(await health()).toEqual({ status: "ok" });
  });

  test("when the partner node stops, then degraded with its peer listed offline (and no member)", async () => {
    await partner.close();
    await waitFor(async () => {
      await a.node.engine.refresh();
      return (await health(ADMIN_TOKEN)).offlinePeers.length === 1;
    }, 15_000, 100);
    const details = await health(ADMIN_TOKEN);
    expect(details).toMatchObject({ status: "degraded", offlinePeers: [partner.host] });
    expect(others(details)).toEqual([]);
    expect(await health()).toEqual({ status: "degraded" });
  });

  test("when a registered member's remote stops answering, then it is listed as down", async () => {
    await doomed.close();
    await waitFor(async () => (await health(ADMIN_TOKEN)).members.some((m) => m.id === "tides"), 10_000, 50);
    expect(others(await health(ADMIN_TOKEN))).toEqual([expect.objectContaining({ id: "tides", origin: "registered", status: "down" })]);
    expect(await health()).toEqual({ status: "degraded" });
  });

  test("when a hosted server's process is killed for good, then degraded with it listed as down, and the details say so", async () => {
    writeFileSync(markerFile, "dead");
    await request(a.node.app).post("/execute").set(auth()).send({ mcp_name: "mortal.crash", kwargs: {} });
    await waitFor(async () => (await health(ADMIN_TOKEN)).members.some((m) => m.id === "mortal"), 10_000, 50);
    const details = await health(ADMIN_TOKEN);
    expect(details.servers.mortal.state).not.toBe("ready");
    expect(details.servers.alive.state).toBe("ready");
    expect(others(details)).toEqual([
      expect.objectContaining({ id: "mortal", origin: "hosted", status: "down" }),
      expect.objectContaining({ id: "tides", origin: "registered", status: "down" }),
    ]);
    expect(await health()).toEqual({ status: "degraded" });
  });
});

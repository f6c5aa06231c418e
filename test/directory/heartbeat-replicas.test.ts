import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { describePostgres } from "../store/contract/adapters";
import { auth, startTestNode, waitFor, type TestNode } from "../support/test-node";
import { startToolServer, type ToolServer } from "../support/tool-server";

const ORG_A = "org-a-replica-beat-token-00000001";
const INTERVAL_MS = 400;

/** Two nodes on one PostgreSQL database: a beat on either keeps the member fresh on both. */
describePostgres("member heartbeats across replicas", ({ server }) => {
  let a: TestNode;
  let b: TestNode;
  let remote: ToolServer;
  const statusOn = async (n: TestNode) => (await request(n.node.app).get("/directory/servers/weather").set(auth(ORG_A))).body.status as string;
  const beatOn = (n: TestNode) => request(n.node.app).post("/register/weather/heartbeat").set(auth(ORG_A));

  beforeAll(async () => {
    remote = await startToolServer([{ name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object" } }]);
    const db = await server().createDatabase();
    const config = {
      node: { db },
      tokens: [{ id: "org-a", sha256: sha256Hex(ORG_A), scopes: ["register" as const, "discover" as const] }],
      governance: { allowPrivateRemotes: true, heartbeatInterval: `${INTERVAL_MS}ms`, semgrep: { bin: "/nonexistent/semgrep" } },
    };
    [a, b] = await Promise.all([startTestNode(config), startTestNode(config)]);
    const reg = await request(a.node.app).post("/register").set(auth(ORG_A)).send({ name: "weather", description: "Weather", version: "1.0.0", remote: { type: "streamable-http", url: remote.url } });
    expect(reg.status).toBe(201);
    // the other replica publishes it too once it hears of the submission
    await waitFor(() => b.node.registration.publishedMembers().some((m) => m.name === "weather"), 10_000);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await remote?.close();
  });

  test("when a member beats on one replica, then the other sees it fresh; when it stops, both see it stale; a beat on the other brings it back on both", async () => {
    expect((await beatOn(a)).status).toBe(200);
    await waitFor(async () => b.node.catalog.get("weather.forecast") !== undefined, 10_000);
    expect(await statusOn(b)).toBe("active");
    await waitFor(async () => (await statusOn(a)) === "stale" && (await statusOn(b)) === "stale", 10_000, 50);
    await waitFor(async () => a.node.catalog.get("weather.forecast") === undefined && b.node.catalog.get("weather.forecast") === undefined, 10_000);
    expect((await beatOn(b)).status).toBe(200);
    await waitFor(async () => (await statusOn(a)) === "active", 5_000, 50);
    await waitFor(async () => a.node.catalog.get("weather.forecast") !== undefined && b.node.catalog.get("weather.forecast") !== undefined, 10_000);
  });
});

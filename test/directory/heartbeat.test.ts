import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { auth, startTestNode, waitFor, type TestNode } from "../support/test-node";
import { startToolServer, type ToolServer } from "../support/tool-server";

const ORG_A = "org-a-heartbeat-token-00000000001";
const ORG_B = "org-b-heartbeat-token-00000000002";
const READER = "reader-heartbeat-token-0000000003";
const INTERVAL_MS = 400;

const manifest = (url: string, overrides: Record<string, unknown> = {}) => ({
  name: "weather",
  description: "Weather forecasts",
  version: "1.0.0",
  remote: { type: "streamable-http", url },
  tags: ["weather"],
  ...overrides,
});

describe("member heartbeats and idempotent re-registration", () => {
  let t: TestNode;
  let remote: ToolServer;
  let quiet: ToolServer;
  const app = () => t.node.app;
  const beat = (name: string, token = ORG_A) => request(app()).post(`/register/${name}/heartbeat`).set(auth(token)).send({});
  const discovered = async () => (await request(app()).get("/discover").set(auth(ORG_A))).body.map((e: { name: string }) => e.name) as string[];
  const mcpTools = async () => {
    const res = await request(app()).post("/mcp").set(auth(ORG_A)).set("Accept", "application/json, text/event-stream").send({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
    return (res.body.result.tools as { name: string }[]).map((x) => x.name);
  };
  const statusOf = async (id: string) => (await request(app()).get(`/directory/servers/${id}`).set(auth(ORG_A))).body.status as string;

  beforeAll(async () => {
    const tool = { name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } } } };
    remote = await startToolServer([tool]);
    quiet = await startToolServer([{ ...tool, name: "tides", description: "Returns the tides." }]);
    t = await startTestNode({
      tokens: [
        { id: "org-a", sha256: sha256Hex(ORG_A), scopes: ["register", "discover", "execute"] },
        { id: "org-b", sha256: sha256Hex(ORG_B), scopes: ["register", "discover"] },
        // a second token of the owner's organization without the register scope: scopes still count
        { id: "org-a", sha256: sha256Hex(READER), scopes: ["discover"] },
      ],
      governance: { allowPrivateRemotes: true, heartbeatInterval: `${INTERVAL_MS}ms`, semgrep: { bin: "/nonexistent/semgrep" } },
    });
    expect((await request(app()).post("/register").set(auth(ORG_A)).send(manifest(remote.url))).status).toBe(201);
    expect((await request(app()).post("/register").set(auth(ORG_A)).send(manifest(quiet.url, { name: "tides" }))).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await remote?.close();
    await quiet?.close();
  });

  test("when the owner re-registers the identical manifest, then 200 with the stored record and nothing new is stored", async () => {
    const before = await t.node.stores.submissions.count();
    const first = await t.node.registration.latestReport("weather");
    const again = await request(app()).post("/register").set(auth(ORG_A)).send(manifest(remote.url));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: "registered", name: "weather", version: "1.0.0" });
    expect(again.body.report).toEqual(JSON.parse(JSON.stringify(first)));
    expect(await t.node.stores.submissions.count()).toBe(before);
  });

  test("when the same version comes with a changed manifest, or from another organization, then 409 or 403 and nothing is stored", async () => {
    const before = await t.node.stores.submissions.count();
    const changed = await request(app()).post("/register").set(auth(ORG_A)).send(manifest(remote.url, { description: "Something else" }));
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ status: 409, detail: expect.stringContaining("already published") });
    expect((await request(app()).post("/register").set(auth(ORG_B)).send(manifest(remote.url))).status).toBe(403);
    expect(await t.node.stores.submissions.count()).toBe(before);
  });

  test("when a member never beat, then it is not subject to heartbeats and stays active", async () => {
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 4));
    expect(await statusOf("tides")).toBe("active");
    expect(await discovered()).toContain("tides.tides");
  });

  test("when another organization beats for a member, then 403 and no beat is stored; unknown names 404, bad names 400", async () => {
    const res = await beat("weather", ORG_B);
    expect(res.status).toBe(403);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(await t.node.stores.heartbeats.get("weather")).toBeUndefined();
    expect((await beat("weather", READER)).status).toBe(403);
    expect((await request(app()).post("/register/weather/heartbeat")).status).toBe(401);
    expect((await beat("nothing-here")).status).toBe(404);
    expect((await beat("Bad.Name")).status).toBe(400);
    expect(await t.node.stores.heartbeats.all()).toEqual([]);
  });

  test("when the owner beats, then active; three missed intervals, then stale and gone from /discover and /mcp; a new beat brings it back", async () => {
    const res = await beat("weather");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "weather", status: "active", interval: INTERVAL_MS, staleAfter: INTERVAL_MS * 3 });
    expect((await t.node.stores.heartbeats.get("weather"))?.lastBeat).toBe(Date.parse(res.body.lastSeen));
    expect(await statusOf("weather")).toBe("active");
    expect(await discovered()).toContain("weather.forecast");

    await waitFor(async () => (await statusOf("weather")) === "stale", 10_000, 50);
    await waitFor(async () => !(await discovered()).includes("weather.forecast"), 5_000);
    expect(await mcpTools()).not.toContain("weather__forecast");
    // a governance re-check re-lists the remote: a stale member's tools stay withheld
    await t.node.registration.recheck();
    await t.node.catalog.persisted();
    expect(await discovered()).not.toContain("weather.forecast");
    expect(await discovered()).toContain("tides.tides"); // a member that never beat is untouched
    const audit = await t.node.audit.list({ limit: 50, action: "heartbeat" });
    expect(audit[0]).toMatchObject({ target: "weather", outcome: "stale" });

    expect((await beat("weather")).status).toBe(200);
    expect(await statusOf("weather")).toBe("active");
    await waitFor(async () => (await discovered()).includes("weather.forecast"), 10_000);
    expect(await mcpTools()).toContain("weather__forecast");
  });

  test("when a beating member is unregistered, then its heartbeats are forgotten", async () => {
    expect((await beat("weather")).status).toBe(200);
    expect((await request(app()).delete("/register/weather").set(auth(ORG_A))).status).toBe(204);
    expect(await t.node.stores.heartbeats.get("weather")).toBeUndefined();
    expect((await beat("weather")).status).toBe(404);
  });
});

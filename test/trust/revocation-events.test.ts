import request from "supertest";
import { signEvent, verifyEvent } from "../../src/trust/federation-events";
import { publicJwkOf } from "../../src/trust/node-identity";
import { ADMIN_TOKEN, auth, startListeningNode, startTestNode, waitFor, type TestNode } from "../support/test-node";
import { startToolServer, type ToolServer } from "../support/tool-server";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

/** A partner's revocation reaches this node in seconds, not at its next sync. */
describe("revocation through federation events", () => {
  let remote: ToolServer;
  let partner: Listening;
  let t: TestNode;
  const federated = async () => ((await request(t.node.app).get("/discover?scope=federated").set(auth())).body as { name: string }[]).map((e) => e.name);

  beforeAll(async () => {
    remote = await startToolServer([{ name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } } } }]);
    partner = await startListeningNode({ governance: { allowPrivateRemotes: true, semgrep: { bin: "/nonexistent/semgrep" } } });
    expect((await request(partner.node.app).post("/register").set(auth()).send({ name: "weather", description: "Forecasts", version: "1.0.0", remote: { type: "streamable-http", url: remote.url } })).status).toBe(201);
    // a 10-minute sync: only the event stream can bring the revocation in time
    t = await startTestNode({ peers: [{ url: partner.url, token: ADMIN_TOKEN }], federation: { syncInterval: 600_000 } });
    await waitFor(async () => (await federated()).includes(`weather.forecast@${partner.host}`));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await partner?.close();
    await remote?.close();
  });

  test("when the partner unregisters a tool, then it leaves this node's federated discovery and MCP list within 2 s", async () => {
    // the stream is open once the partner has a listener
    await waitFor(async () => (await request(partner.node.app).get("/healthz")).status === 200);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    expect((await request(partner.node.app).delete("/register/weather").set(auth())).status).toBe(204);
    await waitFor(async () => !(await federated()).includes(`weather.forecast@${partner.host}`), 2_000);
    const latency = Date.now() - started;
    console.log(`revocation reached this node's discovery in ${latency} ms`);
    const tools = t.node.mcp.listTools().map((x) => String(x._meta?.["io.mcpfed/id"]));
    expect(tools).not.toContain(`weather.forecast@${partner.host}`);
  });

  test("when the partner rotates its key, then a key event signed by the old key brings this node to the new key before its next sync", async () => {
    const peerKey = async () => ((await request(t.node.app).get("/peers").set(auth())).body as { trust: { key: string } }[])[0].trust.key;
    const before = await peerKey();
    const rotated = await partner.node.trust.identity.rotate();
    expect(rotated.kid).not.toBe(before);
    // the partner notices its own rotation within 5 s and announces it; the sync interval is 10 minutes
    await waitFor(async () => (await peerKey()) === rotated.kid, 9_000);
  }, 20_000);

  test("when an event is not signed by the partner's trusted key, then it is ignored", async () => {
    const other = await startListeningNode();
    try {
      const theirs = await other.node.trust.identity.signingKey();
      const mine = await partner.node.trust.identity.signingKey();
      const forged = signEvent({ type: "revoke", id: 1, iss: "partner", iat: Date.now(), epoch: "x", tool: "weather.forecast" }, { key: theirs, jwk: await publicJwkOf(theirs.key) });
      expect(await verifyEvent(forged, mine.kid)).toBeUndefined();
      const genuine = signEvent({ type: "revoke", id: 1, iss: "partner", iat: Date.now(), epoch: "x", tool: "weather.forecast" }, { key: mine, jwk: await publicJwkOf(mine.key) });
      expect(await verifyEvent(genuine, mine.kid)).toMatchObject({ type: "revoke", tool: "weather.forecast" });
      const [h, p, s] = genuine.split(".");
      const altered = `${h}.${Buffer.from(JSON.stringify({ type: "revoke", id: 2, iss: "partner", iat: Date.now(), epoch: "x", tool: "other" })).toString("base64url")}.${s}`;
      expect(await verifyEvent(altered, mine.kid)).toBeUndefined();
      expect(p).toBeTruthy();
    } finally {
      await other.close();
    }
  });
});

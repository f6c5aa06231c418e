import request from "supertest";
import { countingServerConfig, startOfMinute } from "../support/counting-server";
import { ADMIN_TOKEN, auth, startListeningNode, waitFor } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

/** Limits and the cache also hold for a partner's tools (`name@host`), forwarded to a real peer node. */
describe("limits and cache on a partner's tools", () => {
  let peer: Listening;
  let a: Listening;
  beforeAll(async () => {
    peer = await startListeningNode({ node: { name: "partner" }, mcpServers: { app: countingServerConfig() } });
    a = await startListeningNode({
      node: { name: "gateway" },
      peers: [{ url: peer.url, token: ADMIN_TOKEN }],
      limits: { tools: { [`app.write@${peer.host}`]: { perMinute: 2 } } },
      cache: { tools: { "app.lookup@*": { ttl: "1m", tags: ["partner-lookups"] } } },
    });
    await waitFor(() => a.node.engine.entries().some((e) => e.id === `app.lookup@${peer.host}`));
  }, 30_000);
  afterAll(async () => {
    await Promise.all([a, peer].filter(Boolean).map((n) => n.close()));
  });

  const execute = (tool: string, q: string) => request(a.node.app).post("/execute").set(auth()).send({ mcp_name: `${tool}@${peer.host}`, kwargs: { q } });

  test("when a partner's tool is listed by a cache glob, then its answers are cached; a partner's tool not listed is not", async () => {
    const first = await execute("app.lookup", "p");
    const second = await execute("app.lookup", "p");
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.headers["x-cache"], second.headers["x-cache"]]).toEqual(["miss", "hit"]);
    expect(second.body.result.content).toEqual(first.body.result.content);
    // read-only at the partner, but this node caches partners' tools only when listed
    const f1 = await execute("app.flaky", "p");
    expect(f1.headers["x-cache"]).toBeUndefined();
  });

  test("when a partner's tool has a limit, then the forwarded calls stop at it", async () => {
    await startOfMinute();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await execute("app.write", String(i))).status);
    expect(statuses).toEqual([200, 200, 429]);
  }, 30_000);

  test("when the partner's definition of a cached tool changes, then the next call after the sync is a miss", async () => {
    await execute("app.lookup", "d");
    expect((await execute("app.lookup", "d")).headers["x-cache"]).toBe("hit");
    expect((await request(peer.node.app).post("/execute").set(auth()).send({ mcp_name: "app.redefine", kwargs: {} })).status).toBe(200);
    const description = () => a.node.engine.entries().find((e) => e.id === `app.lookup@${peer.host}`)?.description ?? "";
    await waitFor(async () => {
      await a.node.engine.refresh();
      return description().includes("revision");
    }, 10_000, 200);
    expect((await execute("app.lookup", "d")).headers["x-cache"]).toBe("miss");
  }, 30_000);
});

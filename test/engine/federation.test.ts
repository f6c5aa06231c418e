import request from "supertest";
import { FederatedEngine } from "../../src/engine";
import { startFaultPeer, type FaultPeer } from "../support/fault-peer";
import { ADMIN_TOKEN, EVERYTHING, auth, startListeningNode, testServerConfig, waitFor } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

/** Engine options for tests: short timeouts, quick retries. */
const fast = { timeoutMs: 800, retries: 1, retryBaseMs: 10, failureLimit: 2, probeIntervalMs: 60_000, executeTimeoutMs: 2000 };

describe("federation across real nodes", () => {
  let b: Listening; // hosts the test server
  let c: Listening; // hosts server-everything
  let d: Listening; // hosts the test server too: the same tool on two hosts
  let a: Listening; // the organization's own node, with B, C and D as peers

  beforeAll(async () => {
    [b, c, d] = await Promise.all([
      startListeningNode({ node: { name: "org-b" }, mcpServers: { test: testServerConfig() } }),
      startListeningNode({
        node: { name: "org-c" },
        mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], tools: { include: ["echo", "get-sum"] } } },
      }),
      startListeningNode({ node: { name: "org-d" }, mcpServers: { test: testServerConfig() } }),
    ]);
    a = await startListeningNode({
      node: { name: "org-a" },
      mcpServers: { local: testServerConfig({ tools: { include: ["ping"] } }) },
      peers: [{ url: b.url, token: ADMIN_TOKEN }, { url: c.url, token: ADMIN_TOKEN }, { url: d.url, token: ADMIN_TOKEN }],
    });
  });
  afterAll(async () => {
    await Promise.all([a, b, c, d].filter(Boolean).map((n) => n.close()));
  });

  test("when the node starts, then every peer's tools are in the registry as name@host", async () => {
    const ids = a.node.engine.entries().map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(["local.ping", `test.add@${b.host}`, `everything.echo@${c.host}`, `test.add@${d.host}`]));
    expect(a.node.engine.peers().every((p) => p.state === "online")).toBe(true);
  });

  test("when /discover?scope=federated is asked, then local and remote entries come ranked with objectives", async () => {
    const res = await request(a.node.app).get("/discover?scope=federated").set(auth());
    expect(res.status).toBe(200);
    const echo = res.body.find((e: { name: string }) => e.name === `everything.echo@${c.host}`);
    expect(echo).toMatchObject({ host: c.host, stale: false, executable: true, front: expect.any(Number) });
    expect(echo.objectives).toEqual(expect.objectContaining({ success: expect.any(Number), latencyP50: expect.any(Number), trust: 0.8 }));
    const local = res.body.find((e: { name: string }) => e.name === "local.ping");
    expect(local).toMatchObject({ host: null, objectives: expect.objectContaining({ trust: 1 }) });
    // scope=local still lists this node's own tools only: peers pull it, so nothing is re-exported
    const localOnly = await request(a.node.app).get("/discover").set(auth());
    expect(localOnly.body.map((e: { name: string }) => e.name)).toEqual(["local.ping"]);
  });

  test("when a query is given, then BM25 relevance selects the candidates", async () => {
    const res = await request(a.node.app).get("/discover?scope=federated&q=echo").set(auth());
    expect(res.body.map((e: { name: string }) => e.name)).toEqual([`everything.echo@${c.host}`]);
    expect(res.body[0].objectives.relevance).toBe(1);
    expect(a.node.engine.rank({ query: "adds numbers" }).map((r) => r.id)).toEqual(
      expect.arrayContaining([`test.add@${b.host}`, `test.add@${d.host}`]),
    );
  });

  test("when name@host is executed on the node, then it is forwarded, answered and recorded as name@host", async () => {
    const res = await request(a.node.app).post("/execute").set(auth()).send({ mcp_name: `everything.get-sum@${c.host}`, kwargs: { a: 2, b: 3 } });
    expect(res.status).toBe(200);
    expect(res.body.result.content[0].text).toContain("5");
    const [rec] = await a.node.records.list({ limit: 1, mcpName: `everything.get-sum@${c.host}` });
    expect(rec).toMatchObject({ success: true, source: "local" });
    // the peer recorded its own execution under its own name
    expect((await c.node.records.list({ limit: 5 })).map((r) => r.mcp_name)).toContain("everything.get-sum");
  });

  test("when the peer rejects the arguments or does not know the tool, then its status and problem come back", async () => {
    const bad = await request(a.node.app).post("/execute").set(auth()).send({ mcp_name: `test.add@${b.host}`, kwargs: { a: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(["kwargs.a", "kwargs.b"]));
    const unknownTool = await request(a.node.app).post("/execute").set(auth()).send({ mcp_name: `test.nope@${b.host}`, kwargs: {} });
    expect(unknownTool.status).toBe(404);
    const unknownPeer = await request(a.node.app).post("/execute").set(auth()).send({ mcp_name: "test.add@127.0.0.1:1", kwargs: {} });
    expect(unknownPeer.status).toBe(404);
  });

  test("when a forwarded call arrives asking for another hop, then the node refuses to forward it", async () => {
    const res = await request(b.node.app)
      .post("/execute")
      .set(auth())
      .set("X-Mcpfed-Hop", "1")
      .send({ mcp_name: `everything.echo@${c.host}`, kwargs: { message: "x" } });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe("urn:mcpfed:problem:forwarding-loop");
  });

  test("when nothing changed, then a second refresh costs a 304 per peer", async () => {
    await a.node.engine.refresh();
    const second = await a.node.engine.refresh();
    expect(second.errors).toEqual([]);
    expect(second.peers.every((p) => p.changed === false)).toBe(true);
  });

  test("when /healthz is read, then each peer's state and last sync are listed", async () => {
    const res = await request(a.node.app).get("/healthz").set(auth());
    expect(res.body.peers).toHaveLength(3);
    expect(res.body.peers[0]).toMatchObject({ state: "online", lastSync: expect.any(String), lastError: null });
  });

  test("when a peer stops, then its catalog is kept but stale, calls fail with 502 then 503, and fallback reaches another host", async () => {
    const engine = new FederatedEngine({ ...fast, peers: [{ url: b.url, token: ADMIN_TOKEN }, { url: d.url, token: ADMIN_TOKEN }] });
    try {
      await engine.refresh();
      // the ranking decides which host comes first, so stop that one
      const first = engine.rank().find((r) => r.name === "test.add")!.host!;
      const [stopping, other] = first === b.host ? [b, d] : [d, b];
      await stopping.node.stop();
      const refreshed = await engine.refresh();
      expect(refreshed.errors.map((e) => e.url)).toEqual([stopping.url]);
      expect(engine.entries().find((e) => e.id === `test.add@${stopping.host}`)?.stale).toBe(true);
      expect(engine.peers().find((p) => p.host === stopping.host)).toMatchObject({ state: "stale", lastSuccess: expect.any(String) });

      // the call fails at the network: 502, and the second failure in a row marks it offline
      await expect(engine.execute(`test.add@${stopping.host}`, { a: 1, b: 1 })).rejects.toMatchObject({ status: 502 });
      expect(engine.peers().find((p) => p.host === stopping.host)?.state).toBe("offline");
      await expect(engine.execute(`test.add@${stopping.host}`, { a: 1, b: 1 })).rejects.toMatchObject({ status: 503 });
      const viaFallback = await engine.execute(`test.add@${stopping.host}`, { a: 1, b: 1 }, { fallback: true });
      expect(viaFallback.content).toEqual([{ type: "text", text: "2" }]);
      expect(engine.rank().find((r) => r.id === `test.add@${other.host}`)?.objectives.observations).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
  });
});

describe("peers that misbehave", () => {
  let peer: FaultPeer;
  beforeEach(async () => {
    peer = await startFaultPeer();
  });
  afterEach(() => peer.close());

  test("when a peer answers past the timeout, then refresh reports it and does not throw", async () => {
    peer.mode = "slow";
    const engine = new FederatedEngine({ ...fast, peers: [{ url: peer.url }] });
    const started = Date.now();
    const result = await engine.refresh();
    expect(Date.now() - started).toBeLessThan(2900);
    expect(result.errors).toEqual([{ url: peer.url, error: "timed out" }]);
    expect(engine.peers()[0].state).toBe("pending");
    await engine.close();
  });

  test("when a catalog holds malformed entries, then they are dropped and counted", async () => {
    peer.mode = "malformed";
    const engine = new FederatedEngine({ ...fast, peers: [{ url: peer.url }] });
    const result = await engine.refresh();
    expect(result.errors).toEqual([]);
    expect(engine.entries().map((e) => e.name).sort()).toEqual(["fault.alsogood", "fault.good"]);
    expect(engine.peers()[0].droppedEntries).toBe(4);
    await engine.close();
  });

  test.each([["oversized", /exceeds/], ["not-json", /not JSON/]] as const)(
    "when the catalog is %s, then the sync fails cleanly and the last good catalog is kept",
    async (mode, pattern) => {
      const engine = new FederatedEngine({ ...fast, maxBytes: 1_000_000, peers: [{ url: peer.url }] });
      await engine.refresh();
      expect(engine.entries()).toHaveLength(2);
      peer.mode = mode;
      const result = await engine.refresh();
      expect(result.errors[0].error).toMatch(pattern);
      expect(engine.entries()).toHaveLength(2);
      expect(engine.entries()[0].stale).toBe(true);
      await engine.close();
    },
  );

  test("when a peer returns 500s, then it goes stale, offline after the failure limit, and a later probe brings it back", async () => {
    const engine = new FederatedEngine({ ...fast, probeIntervalMs: 200, peers: [{ url: peer.url }] });
    await engine.refresh();
    peer.mode = "error500";
    await engine.refresh();
    expect(engine.peers()[0].state).toBe("stale");
    await engine.refresh();
    expect(engine.peers()[0].state).toBe("offline");
    const before = peer.requests;
    await engine.refresh(); // not probed yet: no request made
    expect(peer.requests).toBe(before);
    peer.mode = "ok";
    await waitFor(async () => (await engine.refresh(), engine.peers()[0].state === "online"), 5000, 100);
    expect(engine.entries().every((e) => !e.stale)).toBe(true);
    await engine.close();
  });

  test("when a peer's state changes, then peerStateRevision does, and only then", async () => {
    const engine = new FederatedEngine({ ...fast, peers: [{ url: peer.url }] });
    const start = engine.peerStateRevision;
    await engine.refresh();
    const online = engine.peerStateRevision;
    expect(online).not.toBe(start);
    await engine.refresh(); // still online
    expect(engine.peerStateRevision).toBe(online);
    peer.mode = "error500";
    await engine.refresh();
    expect(engine.peers()[0].state).toBe("stale");
    expect(engine.peerStateRevision).not.toBe(online);
    await engine.close();
  });

  test("when a peer is added that is down, then it is retried with backoff until reachable", async () => {
    const engine = new FederatedEngine({ ...fast, probeIntervalMs: 300 });
    peer.mode = "error500";
    const status = await engine.addPeer({ url: peer.url });
    expect(status.state).not.toBe("online");
    peer.mode = "ok";
    await waitFor(() => engine.peers()[0].state === "online", 8000, 50);
    expect(engine.entries()).toHaveLength(2);
    expect(engine.removePeer(peer.url)).toBe(true);
    expect(engine.entries()).toHaveLength(0);
    await engine.close();
  });
});

describe("peers at run time on the node", () => {
  test("when an admin adds and removes a peer, then it persists across restarts; other scopes get 403", async () => {
    const peer = await startFaultPeer();
    const a = await startListeningNode({});
    try {
      const bad = await request(a.node.app).post("/peers").set(auth()).send({ url: "ftp://x" });
      expect(bad.status).toBe(400);
      const added = await request(a.node.app).post("/peers").set(auth()).send({ url: peer.url });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ host: new URL(peer.url).host, state: "online", tools: 2 });
      expect((await request(a.node.app).get("/peers").set(auth())).body).toHaveLength(1);
      const dir = a.dir;
      await a.node.stop();
      const again = await startListeningNode({}, { dir });
      try {
        expect(again.node.engine.peers().map((p) => p.host)).toEqual([new URL(peer.url).host]);
        const del = await request(again.node.app).delete(`/peers/${new URL(peer.url).host}`).set(auth());
        expect(del.status).toBe(204);
        expect((await request(again.node.app).delete("/peers/127.0.0.1:1").set(auth())).status).toBe(404);
        expect(again.node.engine.peers()).toEqual([]);
      } finally {
        await again.close();
      }
    } finally {
      await peer.close();
    }
  });
});

describe("a node whose peer goes away", () => {
  test("when a forwarded call meets a stopped peer, then 502 then 503 with Retry-After, never a 500", async () => {
    const peer = await startFaultPeer();
    const a = await startListeningNode({ peers: [{ url: peer.url }] });
    try {
      const host = new URL(peer.url).host;
      expect(a.node.engine.entries().map((e) => e.id)).toContain(`fault.one@${host}`);
      await peer.close();
      const first = await request(a.node.app).post("/execute").set(auth()).send({ mcp_name: `fault.one@${host}`, kwargs: {} });
      expect(first.status).toBe(502);
      expect(first.headers["content-type"]).toMatch(/problem\+json/);
      await a.node.engine.refresh();
      const second = await request(a.node.app).post("/execute").set(auth()).send({ mcp_name: `fault.one@${host}`, kwargs: {} });
      expect(second.status).toBe(503);
      expect(Number(second.headers["retry-after"])).toBeGreaterThan(0);
      const health = await request(a.node.app).get("/healthz").set(auth());
      expect(health.body.peers[0]).toMatchObject({ state: "offline", lastError: expect.any(String) });
    } finally {
      await a.close();
    }
  });
});

describe("the engine as a library", () => {
  test("when imported as mcpfed/engine, then FederatedEngine is there with nothing else running", () => {
    // resolves through package.json "exports" to the built dist/engine
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require("mcpfed/engine") as typeof import("../../src/engine");
    const engine = new lib.FederatedEngine();
    expect(engine.rank()).toEqual([]);
    expect(engine.peers()).toEqual([]);
  });
});

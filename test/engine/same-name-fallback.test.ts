import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { FederatedEngine } from "../../src/engine";
import { startFlakyServer, type FlakyServer } from "../support/flaky-server";
import { ADMIN_TOKEN, auth, startListeningNode, waitFor } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

const BOB = "same-name-bob-token-0000000000000001";
const SERVED_BY = "x-mcpfed-served-by";

/**
 * Peers A and B both host a server `svc`; node C peers with both and hosts its own `svc`, with
 * `federation.fallback: true`. A peer going down, then C's own server, moves calls of
 * `svc.search` to another copy of the same tool, each copy checked against C's policy.
 */
describe("same-name fallback across peers (federation.fallback)", () => {
  let sa: FlakyServer;
  let sb: FlakyServer;
  let sc: FlakyServer;
  let a: Listening;
  let b: Listening;
  let c: Listening;

  beforeAll(async () => {
    [sa, sb, sc] = await Promise.all([startFlakyServer("A"), startFlakyServer("B"), startFlakyServer("C")]);
    [a, b] = await Promise.all([
      startListeningNode({ node: { name: "org-a" }, mcpServers: { svc: { type: "http", url: sa.url } } }),
      startListeningNode({ node: { name: "org-b" }, mcpServers: { svc: { type: "http", url: sb.url } } }),
    ]);
    c = await startListeningNode({
      node: { name: "org-c" },
      mcpServers: { svc: { type: "http", url: sc.url } },
      peers: [{ url: a.url, token: ADMIN_TOKEN }, { url: b.url, token: ADMIN_TOKEN }],
      federation: { fallback: true },
      tokens: [{ id: "partner-bob", sha256: sha256Hex(BOB), scopes: ["discover", "execute"] }],
      policies: [{ match: `*@${b.host}`, tokens: ["partner-*"], action: "deny", priority: 10 }],
    });
    await waitFor(() => c.node.engine.entries().filter((e) => e.name === "svc.search" && e.host !== null).length === 2);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), c?.close()]);
    await Promise.all([sa, sb, sc].map((s) => s?.kill().catch(() => undefined)));
  });

  const execute = (mcp_name: string, token = ADMIN_TOKEN) =>
    request(c.node.app).post("/execute").set(auth(token)).send({ mcp_name, kwargs: { q: "x" } });

  test("when peer A answers, then A serves svc.search@A and no header is set", async () => {
    const res = await execute(`svc.search@${a.host}`);
    expect(res.status).toBe(200);
    expect(res.body.result.content[0].text).toBe("A:search:x");
    expect(res.headers[SERVED_BY]).toBeUndefined();
  });

  test("when peer A is down, then the same tool on this node serves the call", async () => {
    await a.close();
    const res = await execute(`svc.search@${a.host}`);
    expect(res.status).toBe(200);
    expect(res.body.result.content[0].text).toBe("C:search:x");
    expect(res.headers[SERVED_BY]).toBe("svc.search");
  });

  test("when this node's own server is down too, then peer B serves it, and each attempt is recorded", async () => {
    await sc.kill();
    const before = sb.calls.search ?? 0;
    const res = await execute(`svc.search@${a.host}`);
    expect(res.status).toBe(200);
    expect(res.body.result.content[0].text).toBe("B:search:x");
    expect(res.headers[SERVED_BY]).toBe(`svc.search@${b.host}`);
    expect(sb.calls.search).toBe(before + 1);
    const records = async (mcpName: string) => c.node.records.list({ limit: 50, mcpName });
    await waitFor(async () => (await records(`svc.search@${b.host}`)).some((r) => r.success));
    expect((await records(`svc.search@${a.host}`)).some((r) => !r.success)).toBe(true);
    expect((await records("svc.search")).some((r) => !r.success)).toBe(true);
  });

  test("when a local tool fails, then the same name on a peer serves it", async () => {
    const res = await execute("svc.search");
    expect(res.status).toBe(200);
    expect(res.headers[SERVED_BY]).toBe(`svc.search@${b.host}`);
  });

  test("when the caller's policy denies the other peer, then that peer is skipped", async () => {
    const before = sb.calls.search ?? 0;
    const res = await execute(`svc.search@${a.host}`, BOB);
    expect([502, 503]).toContain(res.status);
    expect(res.headers[SERVED_BY]).toBeUndefined();
    expect(sb.calls.search ?? 0).toBe(before);
  });

  test("when the engine is used as a library with fallback, then `allow` filters the hosts tried", async () => {
    const engine = new FederatedEngine({ peers: [{ url: a.url, token: ADMIN_TOKEN }, { url: b.url, token: ADMIN_TOKEN }], timeoutMs: 1000, retries: 0 });
    try {
      await engine.refresh();
      const before = sb.calls.search ?? 0;
      const id = `svc.search@${a.host}`;
      await expect(engine.execute(id, { q: "y" }, { fallback: true, allow: (t) => !t.endsWith(`@${b.host}`) })).rejects.toMatchObject({ status: 502 });
      expect(sb.calls.search ?? 0).toBe(before);
      const served = await engine.execute(id, { q: "y" }, { fallback: true, allow: () => true });
      expect(served.content).toEqual([{ type: "text", text: "B:search:y" }]);
    } finally {
      await engine.close();
    }
  });
});

import request from "supertest";
import { ADMIN_TOKEN, auth, startListeningNode, testServerConfig } from "../support/test-node";
import { startTamperProxy, type TamperProxy } from "./support/tamper-proxy";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

describe("signed catalogs between two real nodes, through a tampering proxy", () => {
  let b: Listening; // the partner: hosts the test server and signs its catalog
  let proxy: TamperProxy; // sits between A and B and alters B's catalog on demand
  let a: Listening; // pulls B's catalog through the proxy
  let tool: string;

  const peer = async () => {
    const res = await request(a.node.app).get("/peers").set(auth());
    expect(res.status).toBe(200);
    return res.body.find((p: { host: string }) => p.host === proxy.host);
  };
  const listed = async () => {
    const res = await request(a.node.app).get("/discover?scope=federated").set(auth());
    return res.body.some((e: { name: string }) => e.name === tool);
  };
  const execute = () => request(a.node.app).post("/execute").set(auth()).send({ mcp_name: tool, kwargs: { a: 1, b: 2 } });
  const bKid = async () => (await b.node.trust.identity.signingKey()).kid;
  const audited = async (outcome: string) =>
    (await a.node.audit.list({ limit: 50, action: "peer-trust" })).filter((e) => e.outcome === outcome && e.target === proxy.host);

  async function expectRefused(reason: RegExp) {
    await a.node.engine.refresh();
    const status = await peer();
    expect(status.trust).toMatchObject({ status: "refused", reason: expect.stringMatching(reason) });
    expect(status.tools).toBe(0);
    expect(await listed()).toBe(false);
    expect((await execute()).status).toBe(404);
    return status;
  }
  async function expectVerified(kid: string) {
    await a.node.engine.refresh();
    const status = await peer();
    expect(status.trust).toMatchObject({ status: "verified", key: kid, reason: null });
    expect(await listed()).toBe(true);
    const res = await execute();
    expect(res.status).toBe(200);
    return status;
  }

  beforeAll(async () => {
    b = await startListeningNode({ node: { name: "org-b" }, mcpServers: { test: testServerConfig() } });
    proxy = await startTamperProxy(b.url);
    a = await startListeningNode({ node: { name: "org-a" }, peers: [{ url: proxy.url, token: ADMIN_TOKEN }] });
    tool = `test.add@${proxy.host}`;
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), proxy?.close()]);
  });

  test("when a partner serves its catalog, then it is signed and the key is trusted on first use", async () => {
    const res = await request(b.node.app).get("/discover?scope=local").set(auth());
    expect(res.headers["x-mcpfed-catalog-signature"]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const status = await expectVerified(await bKid());
    expect(status.trust.seq).toEqual(expect.any(Number));
    expect(await audited("key-learnt")).toHaveLength(1);
  });

  test("when the proxy rewrites a description, then the catalog is refused, its tools dropped, and /peers says why", async () => {
    proxy.mode = "rewrite-description";
    await expectRefused(/does not match its signed digest/);
    expect((await audited("refused")).length).toBeGreaterThanOrEqual(1);
    proxy.mode = "pass";
    await expectVerified(await bKid());
  });

  test("when the proxy replays an older signed catalog, then it is refused as a replay", async () => {
    proxy.mode = "replay-first";
    await expectRefused(/replayed catalog/);
    proxy.mode = "pass";
    await expectVerified(await bKid());
  });

  test("when the proxy strips the signature of a partner that signed before, then the catalog is refused", async () => {
    proxy.mode = "strip-signature";
    await expectRefused(/not signed/);
    proxy.mode = "pass";
    await expectVerified(await bKid());
  });

  test("when the proxy alters a forwarded call's result or strips its signature, then the answer is refused (502)", async () => {
    await expectVerified(await bKid());
    for (const mode of ["rewrite-result", "strip-answer-signature"] as const) {
      proxy.mode = mode;
      const res = await execute();
      expect(res.status).toBe(502);
      expect(res.body.detail).toMatch(mode === "rewrite-result" ? /another call or another result/ : /not signed/);
    }
    proxy.mode = "pass";
    const ok = await execute();
    expect(ok.status).toBe(200);
    expect(ok.body.signature).toBeUndefined();
  });

  test("when the proxy swaps the key, then it is refused until an admin accepts the new key", async () => {
    proxy.mode = "swap-key";
    const refused = await expectRefused(/unknown key/);
    expect(refused.trust.offeredKeys).toHaveLength(1);
    expect(refused.trust.offeredKeys[0]).not.toBe(await bKid());
    // still refused on the next pull: a changed key is never taken silently
    await expectRefused(/unknown key/);
    // accept-key is admin only, checks its input, and trusts exactly the offered key
    expect((await request(a.node.app).post(`/peers/${proxy.host}/accept-key`).set(auth("nobody"))).status).toBe(401);
    expect((await request(a.node.app).post("/peers/not a host/accept-key").set(auth())).status).toBe(400);
    expect((await request(a.node.app).post("/peers/127.0.0.1:1/accept-key").set(auth())).status).toBe(404);
    const accepted = await request(a.node.app).post(`/peers/${proxy.host}/accept-key`).set(auth());
    expect(accepted.status).toBe(200);
    expect(accepted.body.trust).toMatchObject({ status: "verified", key: refused.trust.offeredKeys[0] });
    expect(await audited("key-accepted")).toHaveLength(1);
    // nothing refused now: nothing to accept
    expect((await request(a.node.app).post(`/peers/${proxy.host}/accept-key`).set(auth())).status).toBe(409);
    // back to the partner's real key: now that one is the unknown key, until accepted again
    proxy.mode = "pass";
    await expectRefused(/unknown key/);
    expect((await request(a.node.app).post(`/peers/${proxy.host}/accept-key`).set(auth())).status).toBe(200);
    await expectVerified(await bKid());
  });

  test("when the partner rotates its key, then the old key co-signs and the partner is followed without a refusal", async () => {
    const before = await bKid();
    const rotated = await b.node.trust.identity.rotate();
    expect(rotated.kid).not.toBe(before);
    const res = await request(b.node.app).get("/discover?scope=local").set(auth());
    expect(String(res.headers["x-mcpfed-catalog-signature"]).split(",")).toHaveLength(2);
    await expectVerified(rotated.kid);
    expect(await audited("key-rotated")).toHaveLength(1);
  });

  test("when a peer's key is pinned in the config, then only catalogs signed by that key are taken", async () => {
    const kid = await bKid();
    const wrong = kid.slice(0, -4) + (kid.endsWith("AAAA") ? "BBBB" : "AAAA");
    const [good, bad] = await Promise.all([
      startListeningNode({ node: { name: "org-pinned" }, peers: [{ url: b.url, token: ADMIN_TOKEN, key: kid }] }),
      startListeningNode({ node: { name: "org-mispinned" }, peers: [{ url: b.url, token: ADMIN_TOKEN, key: wrong }] }),
    ]);
    try {
      await Promise.all([good.node.engine.refresh(), bad.node.engine.refresh()]);
      expect(good.node.engine.peers()[0].trust).toMatchObject({ status: "verified", key: kid });
      expect(good.node.engine.entries().some((e) => e.id === `test.add@${b.host}`)).toBe(true);
      expect(bad.node.engine.peers()[0].trust).toMatchObject({ status: "refused", key: wrong, reason: expect.stringMatching(/unknown key/) });
      expect(bad.node.engine.entries().some((e) => e.id === `test.add@${b.host}`)).toBe(false);
    } finally {
      await Promise.all([good.close(), bad.close()]);
    }
  });
});

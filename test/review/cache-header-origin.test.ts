import request from "supertest";
import { countingServerConfig } from "../support/counting-server";
import { ADMIN_TOKEN, auth, startListeningNode, waitFor } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

/**
 * `X-Cache` and `_meta["io.mcpfed/cache"]` say whether THIS node served the answer from its cache.
 * A value in an upstream's answer (a partner node's own cache, or a server writing the node's
 * `io.mcpfed/` keys) is not this node's: it is dropped for calls this node does not cache.
 */
describe("the cache marker of answers this node does not cache", () => {
  let peer: Listening;
  let a: Listening;

  beforeAll(async () => {
    peer = await startListeningNode({ node: { name: "partner" }, mcpServers: { app: countingServerConfig({ cache: { ttl: "1m" } }) } });
    a = await startListeningNode({ node: { name: "gateway" }, peers: [{ url: peer.url, token: ADMIN_TOKEN }] });
    await waitFor(() => a.node.engine.entries().some((e) => e.id === `app.lookup@${peer.host}`));
  }, 30_000);
  afterAll(async () => {
    await Promise.all([a, peer].filter(Boolean).map((n) => n.close()));
  });

  test("when a partner answers from its own cache, then this node does not call its answer a hit", async () => {
    const call = () => request(a.node.app).post("/execute").set(auth()).send({ mcp_name: `app.lookup@${peer.host}`, kwargs: { q: "x" } });
    const first = await call();
    const second = await call();
    expect([first.status, second.status]).toEqual([200, 200]);
    // the partner served the second from its cache (same count)...
    expect(second.body.result.content).toEqual(first.body.result.content);
    // ...but this node cached nothing: no marker of its own cache
    expect(second.headers["x-cache"]).toBeUndefined();
    expect(second.body.result._meta?.["io.mcpfed/cache"]).toBeUndefined();
  });
});

import request from "supertest";
import { ADMIN_TOKEN, auth, startListeningNode, startTestNode, tempDir, waitFor, type TestNode } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;
type PeerView = { host: string; trust: { status: string; key: string | null; offeredKeys: string[] } };

/** Trust on first use is remembered: a node that restarts still refuses a partner whose key changed. */
describe("a partner's key learnt on first use survives a restart", () => {
  const home = tempDir("mcpfed-trust-home-");
  let partner: Listening | undefined;
  let node: TestNode | undefined;
  const start = (url: string) => startTestNode({ peers: [{ url, token: ADMIN_TOKEN }] }, { dir: home.dir });
  const peer = async (t: TestNode) => ((await request(t.node.app).get("/peers").set(auth())).body as PeerView[])[0];

  afterAll(async () => {
    await node?.close();
    await partner?.close();
    home.cleanup();
  });

  test("when the partner comes back on its address with another key, then the restarted node refuses it until an admin accepts the new key", async () => {
    partner = await startListeningNode();
    const port = Number(new URL(partner.url).port);
    node = await start(partner.url);
    await waitFor(async () => (await peer(node!)).trust.status === "verified");
    const learnt = (await peer(node)).trust.key;
    await node.close();
    await partner.close();
    // an impostor on the same address: a fresh node, so a fresh key
    partner = await startListeningNode({ node: { port } });
    node = await start(partner.url);
    await waitFor(async () => (await peer(node!)).trust.status === "refused");
    const refused = await peer(node);
    expect(refused.trust.key).toBe(learnt);
    expect(refused.trust.offeredKeys[0]).not.toBe(learnt);
    expect(node.node.engine.entries().filter((e) => e.host !== null)).toEqual([]);
  }, 60_000);
});

import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { describePostgres } from "./contract/adapters";
import { auth, startListeningNode, startTestNode, testServerConfig, waitFor, type TestNode } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

const TOKEN_A = "replica-a-peer-token-0123456789abcdef";
const TOKEN_B = "replica-b-peer-token-0123456789abcdef";
const SYNC_MS = 300;

/** A proxy in front of the partner that counts catalog fetches per bearer token (so per replica). */
async function countingProxy(target: string): Promise<{ url: string; fetches: Map<string, number>; close(): Promise<void> }> {
  const fetches = new Map<string, number>();
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith("/discover")) {
      const token = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
      fetches.set(token, (fetches.get(token) ?? 0) + 1);
    }
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on("error", () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fetches,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Replicas sync partners once between them: the leader calls, the others take its stored syncs. */
describePostgres("peer sync across replicas", ({ server }) => {
  let partner: Listening;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let a: TestNode;
  let b: TestNode;
  const partnerTool = () => `test.ping@${new URL(proxy.url).host}`;
  const lists = async (t: TestNode) => ((await request(t.node.app).get("/discover?scope=federated").set(auth())).body as { name: string }[]).some((e) => e.name === partnerTool());

  beforeAll(async () => {
    partner = await startListeningNode({
      mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) },
      tokens: [
        { id: "replica-a", sha256: sha256Hex(TOKEN_A), scopes: ["discover", "execute", "metadata:read"] },
        { id: "replica-b", sha256: sha256Hex(TOKEN_B), scopes: ["discover", "execute", "metadata:read"] },
      ],
    });
    proxy = await countingProxy(partner.url);
    const db = await server().createDatabase();
    const config = (token: string) => ({ node: { db }, federation: { syncInterval: SYNC_MS }, peers: [{ url: proxy.url, token }] });
    a = await startTestNode(config(TOKEN_A));
    b = await startTestNode(config(TOKEN_B));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await proxy?.close();
    await partner?.close();
  });

  test("when two replicas run for several sync rounds, then only one of them calls the partner and both list its tools", async () => {
    await waitFor(async () => (await lists(a)) && (await lists(b)), 5_000);
    proxy.fetches.clear();
    await new Promise((r) => setTimeout(r, SYNC_MS * 5));
    const callers = [...proxy.fetches.keys()];
    expect(callers).toHaveLength(1);
    expect([TOKEN_A, TOKEN_B]).toContain(callers[0]);
    expect(proxy.fetches.get(callers[0])).toBeGreaterThanOrEqual(2);
    // the follower's view of the partner is the leader's sync
    const follower = callers[0] === TOKEN_A ? b : a;
    const [status] = (await request(follower.node.app).get("/peers").set(auth())).body as { state: string; tools: number; lastSuccess: string | null }[];
    expect(status).toMatchObject({ state: "online", tools: 1 });
    expect(status.lastSuccess).not.toBeNull();
    const call = await request(follower.node.app).post("/execute").set(auth()).send({ mcp_name: partnerTool(), kwargs: {} });
    expect(call.status).toBe(200);
  });

  test("when the leader stops, then the other replica takes over the partner's sync within two rounds", async () => {
    const leaderToken = [...proxy.fetches.keys()][0];
    const [leader, other, otherToken] = leaderToken === TOKEN_A ? [a, b, TOKEN_B] : [b, a, TOKEN_A];
    await leader.close();
    proxy.fetches.clear();
    await waitFor(() => (proxy.fetches.get(otherToken) ?? 0) > 0, SYNC_MS * 2 + 2_000);
    expect(proxy.fetches.get(leaderToken)).toBeUndefined();
    expect(await lists(other)).toBe(true);
  });
});

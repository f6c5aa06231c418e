import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { makeKey, sign, startIssuer, type LocalIssuer } from "../support/jwks-issuer";
import { startToolServer, type ToolServer } from "../support/tool-server";
import { ADMIN_TOKEN, auth, startListeningNode, startTestNode, testServerConfig, waitFor, type TestNode } from "../support/test-node";

/** A pass-through HTTP proxy that records the Authorization header of every request it relays. */
async function recordingProxy(target: string): Promise<{ url: string; seen: (string | undefined)[]; close(): Promise<void> }> {
  const seen: (string | undefined)[] = [];
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

describe("a caller's JWT is never passed on", () => {
  const NODE_URL = "https://front.test";
  let issuer: LocalIssuer;
  let tools: ToolServer;
  let peer: Awaited<ReturnType<typeof startListeningNode>>;
  let toolProxy: Awaited<ReturnType<typeof recordingProxy>>;
  let peerProxy: Awaited<ReturnType<typeof recordingProxy>>;
  let front: TestNode;
  let jwt: string;

  beforeAll(async () => {
    const key = await makeKey("ES256", "k");
    issuer = await startIssuer([key]);
    tools = await startToolServer([{ name: "echo", description: "Echoes its input.", inputSchema: { type: "object", properties: { x: { type: "string" } } } }]);
    toolProxy = await recordingProxy(tools.url);
    peer = await startListeningNode({ node: { name: "peer" }, mcpServers: { test: testServerConfig() } });
    peerProxy = await recordingProxy(peer.url);
    front = await startTestNode({
      identity: { url: NODE_URL },
      mcpServers: { remote: { url: `${toolProxy.url}/mcp` } },
      peers: [{ url: peerProxy.url, token: ADMIN_TOKEN }],
      auth: { jwt: { issuers: [{ issuer: issuer.url, jwksUrl: issuer.jwksUrl, audience: NODE_URL }] } },
    });
    jwt = await sign(key, { iss: issuer.url, aud: NODE_URL, sub: "alice", scope: "discover execute" });
  });
  afterAll(async () => {
    await front.close();
    await Promise.all([peer.close(), toolProxy.close(), peerProxy.close(), tools.close(), issuer.close()]);
  });

  test("when a JWT caller runs a hosted tool and a partner's tool, then neither upstream sees the caller's token", async () => {
    const local = await request(front.node.app).post("/execute").set(auth(jwt)).send({ mcp_name: "remote.echo", kwargs: { x: "hi" } });
    expect(local.status).toBe(200);
    const peerHost = new URL(peerProxy.url).host;
    await waitFor(async () => (await request(front.node.app).get("/discover?scope=federated").set(auth(jwt))).body.some((e: { name: string }) => e.name.endsWith(`@${peerHost}`)));
    const remote = await request(front.node.app).post("/execute").set(auth(jwt)).send({ mcp_name: `test.add@${peerHost}`, kwargs: { a: 1, b: 2 } });
    expect(remote.status).toBe(200);
    expect(toolProxy.seen.length).toBeGreaterThan(0);
    expect(peerProxy.seen.length).toBeGreaterThan(0);
    for (const header of [...toolProxy.seen, ...peerProxy.seen]) expect(header ?? "").not.toContain(jwt);
  });
});

import { request as httpRequest } from "node:http";
import { startGatewayServer, type GatewayServer } from "../support/gateway-server";
import { ADMIN_TOKEN, startListeningNode, waitFor } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

describe("cancellation of a name@host call", () => {
  let upstream: GatewayServer;
  let a: Listening;
  let b: Listening;

  beforeAll(async () => {
    upstream = await startGatewayServer({ json: false });
    a = await startListeningNode({ node: { name: "org-a" }, mcpServers: { gw: { url: upstream.url } } });
    b = await startListeningNode({ node: { name: "org-b" }, peers: [{ url: a.url, token: ADMIN_TOKEN }] });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await upstream?.close();
  });

  test("when the caller of the forwarding node hangs up, then the partner's server sees notifications/cancelled and both nodes record cancelled", async () => {
    const id = `gw.wait@${a.host}`;
    const req = httpRequest(new URL(`${b.url}/execute`), { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" } });
    req.on("error", () => undefined);
    req.end(JSON.stringify({ mcp_name: id, kwargs: {} }));
    await waitFor(() => a.node.hosted.status().gw.inFlight === 1, 5000);
    req.destroy();
    await waitFor(() => upstream.state.cancelled === 1, 5000);
    await waitFor(async () => (await b.node.records.list({ limit: 1, mcpName: id })).length === 1 && (await a.node.records.list({ limit: 1, mcpName: "gw.wait" })).length === 1, 5000);
    expect((await b.node.records.list({ limit: 1, mcpName: id }))[0]).toMatchObject({ success: false, error_class: "cancelled" });
    expect((await a.node.records.list({ limit: 1, mcpName: "gw.wait" }))[0]).toMatchObject({ success: false, error_class: "cancelled" });
    expect(b.node.engine.peers()[0]).toMatchObject({ state: "online" });
  });
});

import request from "supertest";
import { startGatewayServer, type GatewayServer } from "../support/gateway-server";
import { auth, startTestNode, waitFor, type TestNode } from "../support/test-node";

describe("a hosted Streamable HTTP server that restarts", () => {
  let upstream: GatewayServer;
  let n: TestNode;
  const call = () => request(n.node.app).post("/execute").set(auth()).send({ mcp_name: "gw.count", kwargs: {} });
  const health = async () => (await request(n.node.app).get("/healthz").set(auth())).body.servers.gw;
  const setup = async (pingIntervalMs: number) => {
    upstream = await startGatewayServer({ json: true });
    n = await startTestNode({ mcpServers: { gw: { url: upstream.url } } }, { pingIntervalMs });
    expect((await call()).status).toBe(200);
  };
  const restart = async () => {
    upstream = await startGatewayServer({ json: true, port: upstream.port }, upstream.state);
  };

  afterEach(async () => {
    await n?.close();
    await upstream?.close();
  });

  test.each([
    ["JSON", true],
    ["an event stream", false],
  ])("when it comes back at once and answers 404 Session not found (%s), then the node opens a new session and the call runs once", async (_l, json) => {
    upstream = await startGatewayServer({ json });
    n = await startTestNode({ mcpServers: { gw: { url: upstream.url } } }, { pingIntervalMs: 0 });
    expect((await call()).status).toBe(200);
    await upstream.close();
    upstream = await startGatewayServer({ json, port: upstream.port }, upstream.state);
    const before = upstream.state.calls.count;
    const res = await call();
    expect(res.status).toBe(200);
    expect(upstream.state.calls.count).toBe(before + 1);
    expect((await call()).status).toBe(200);
    expect((await health()).state).toBe("ready");
  });

  test("when it is down and nobody calls, then /healthz says it is not ready; once it is back calls succeed again", async () => {
    await setup(100);
    await upstream.close();
    await waitFor(async () => (await health()).state !== "ready", 5000);
    expect((await request(n.node.app).get("/healthz")).body.status).toBe("degraded");
    expect([502, 503]).toContain((await call()).status);
    await restart();
    await waitFor(async () => (await health()).state === "ready", 10_000);
    expect((await call()).status).toBe(200);
  });

  test("when a call finds it down, then the call is 502 and health is not ready right away", async () => {
    await setup(0);
    await upstream.close();
    const res = await call();
    expect(res.status).toBe(502);
    expect((await health()).state).not.toBe("ready");
    await restart();
    await waitFor(async () => (await health()).state === "ready", 10_000);
    expect((await call()).status).toBe(200);
  });
});

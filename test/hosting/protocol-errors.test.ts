import request from "supertest";
import { startGatewayServer, type GatewayServer } from "../support/gateway-server";
import { auth, startTestNode, type TestNode } from "../support/test-node";

describe("JSON-RPC errors from a hosted server", () => {
  let upstream: GatewayServer;
  let n: TestNode;

  beforeAll(async () => {
    upstream = await startGatewayServer({ json: false });
    n = await startTestNode({ mcpServers: { gw: { url: upstream.url } } }, { breaker: { failureThreshold: 2, openMs: 60_000 } });
  });
  afterAll(async () => {
    await n.close();
    await upstream.close();
  });

  const rpcError = (code: number) => request(n.node.app).post("/execute").set(auth()).send({ mcp_name: "gw.rpc-error", kwargs: { code } });

  test.each([
    [-32600, 400, "rejected-by-server"],
    [-32601, 400, "rejected-by-server"],
    [-32602, 400, "validation"],
    [-32603, 502, "upstream"],
  ])("when the server answers %i again and again, then %i (%s) each time and the circuit stays closed", async (code, status, problem) => {
    for (let i = 0; i < 4; i++) {
      const res = await rpcError(code);
      expect(res.status).toBe(status);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(res.body.code ?? res.body.type).toEqual(expect.stringContaining(problem));
    }
    expect(n.node.hosted.status().gw.circuit).toBe("closed");
    const ok = await request(n.node.app).post("/execute").set(auth()).send({ mcp_name: "gw.count", kwargs: {} });
    expect(ok.status).toBe(200);
  });

  test("when a tool requires task-based execution and is called anyway, then a clear 400 and no breaker failure", async () => {
    const server = n.node.hosted.get("gw")!;
    for (let i = 0; i < 3; i++) await expect(server.callTool("task-only", {})).rejects.toMatchObject({ status: 400, code: "rejected-by-server" });
    expect(server.status().circuit).toBe("closed");
  });

  test("when the records are read, then protocol errors are failures of the call, not of the server", async () => {
    const recs = await n.node.records.list({ limit: 50, mcpName: "gw.rpc-error" });
    expect(recs.length).toBeGreaterThanOrEqual(16);
    expect(recs.every((r) => !r.success)).toBe(true);
  });
});

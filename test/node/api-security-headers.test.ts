import request from "supertest";
import { auth, startTestNode, testServerConfig, type TestNode } from "../support/test-node";

/** The headers every JSON API answer keeps (ADR 0043), on success and on a problem. */
function expectApiHeaders(headers: Record<string, string>): void {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  expect(headers["cross-origin-resource-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none'");
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  // HTML-only headers are not sent on a JSON answer
  for (const name of ["cross-origin-opener-policy", "origin-agent-cluster", "x-dns-prefetch-control", "x-download-options", "x-xss-protection"]) {
    expect(headers[name]).toBeUndefined();
  }
}

describe("security headers of the JSON API routes", () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ mcpServers: { test: testServerConfig() } });
  });
  afterAll(async () => {
    await t.close();
  });

  test("when /execute answers, then the answer carries nosniff, HSTS, CORP and refuses framing", async () => {
    const res = await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "test.add", args: [1, 2] });
    expect(res.status).toBe(200);
    expectApiHeaders(res.headers as Record<string, string>);
    expect(res.headers["ratelimit-limit"]).toBeDefined();
  });

  test("when /execute or /discover refuse a request, then the problem carries the same headers", async () => {
    const unauthenticated = await request(t.node.app).post("/execute").send({ mcp_name: "test.add" });
    expect(unauthenticated.status).toBe(401);
    expectApiHeaders(unauthenticated.headers as Record<string, string>);
    const invalid = await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: 42 });
    expect(invalid.status).toBe(400);
    expectApiHeaders(invalid.headers as Record<string, string>);
    const discover = await request(t.node.app).get("/discover").set(auth());
    expect(discover.status).toBe(200);
    expectApiHeaders(discover.headers as Record<string, string>);
  });

  test("when another route answers, then it keeps helmet's full page headers", async () => {
    const res = await request(t.node.app).get("/healthz");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
  });
});

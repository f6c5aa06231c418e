import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { auth, startTestNode, type TestNode } from "../support/test-node";

const NODE_URL = "https://oauth-node.test";
const METRICS_ONLY = "metrics-only-token-000000000000001";

describe("OAuth protected-resource metadata (RFC 9728)", () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({
      node: { name: "oauth-node" },
      identity: { url: NODE_URL },
      tokens: [{ id: "metrics", sha256: sha256Hex(METRICS_ONLY), scopes: ["metrics"] }],
      auth: { jwt: { issuers: [{ issuer: "https://login.example", jwks: { keys: [{ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }] }, audience: NODE_URL }] } },
    });
  });
  afterAll(() => t.close());

  test.each([
    ["/.well-known/oauth-protected-resource", NODE_URL],
    ["/.well-known/oauth-protected-resource/mcp", `${NODE_URL}/mcp`],
  ])("when %s is fetched without a token, then it describes the resource and its authorization servers", async (path, resource) => {
    const res = await request(t.node.app).get(path);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      resource,
      authorization_servers: ["https://login.example"],
      bearer_methods_supported: ["header"],
    });
    expect(res.body.scopes_supported).toEqual(expect.arrayContaining(["discover", "execute"]));
  });

  test("when /mcp is called without a token, then the 401 points to the resource metadata with the needed scopes", async () => {
    const res = await request(t.node.app).post("/mcp").send({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe(
      `Bearer realm="mcpfed", resource_metadata="${NODE_URL}/.well-known/oauth-protected-resource/mcp", scope="discover execute"`,
    );
  });

  test("when /mcp is called with a bad token, then the 401 says invalid_token and points to the metadata", async () => {
    const res = await request(t.node.app).post("/mcp").set(auth("not-a-valid-token-000000000000000")).send({});
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer realm="mcpfed", error="invalid_token", resource_metadata="[^"]+\/mcp", scope="discover execute"$/);
  });

  test("when a REST route is called without a token, then the 401 keeps the plain Bearer challenge", async () => {
    const res = await request(t.node.app).get("/discover");
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="mcpfed"');
  });

  test("when /mcp is called with a token lacking discover and execute, then 403 insufficient_scope", async () => {
    const res = await request(t.node.app).post("/mcp").set(auth(METRICS_ONLY)).set("Accept", "application/json, text/event-stream").send({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    expect(res.status).toBe(403);
    expect(res.headers["www-authenticate"]).toMatch(/error="insufficient_scope", scope="discover"/);
  });
});

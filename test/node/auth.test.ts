import { writeFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { createNode } from "../../src/node/create-node";
import { auth, buildConfig, startTestNode, tempDir, testServerConfig, type TestNode } from "../support/test-node";

const DISCOVER_ONLY = "partner-discover-only-token-000001";
const FILE_TOKEN = "partner-from-file-token-0000000002";

describe("bearer auth and scopes", () => {
  let t: TestNode;
  beforeAll(async () => {
    const { dir } = tempDir();
    const tokensFile = join(dir, "tokens.json");
    writeFileSync(
      tokensFile,
      JSON.stringify({ tokens: [{ id: "org-file", sha256: sha256Hex(FILE_TOKEN), scopes: ["execute", "metadata:write"] }] }),
    );
    t = await startTestNode(
      {
        mcpServers: { test: testServerConfig() },
        tokens: [{ id: "org-a", sha256: sha256Hex(DISCOVER_ONLY), scopes: ["discover"] }],
        tokensFile,
      },
      { dir },
    );
  });
  afterAll(() => t.close());

  test.each([
    ["GET", "/discover"],
    ["POST", "/execute"],
    ["POST", "/metadata"],
    ["GET", "/metadata"],
  ])("when %s %s has no token, then 401 with WWW-Authenticate: Bearer", async (method, path) => {
    const res = await request(t.node.app)[method === "GET" ? "get" : "post"](path);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer realm="mcpfed"$/);
    expect(res.body).toMatchObject({ status: 401, type: "urn:mcpfed:problem:unauthorized" });
  });

  test.each([["Bearer wrong-token"], ["Basic dXNlcjpwYXNz"], ["Bearer"], [`Bearer ${DISCOVER_ONLY}x`]])(
    "when the Authorization header is %j, then 401",
    async (header) => {
      const res = await request(t.node.app).get("/discover").set("Authorization", header);
      expect(res.status).toBe(401);
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    },
  );

  test("when a token has the scope, then the route answers", async () => {
    expect((await request(t.node.app).get("/discover").set(auth(DISCOVER_ONLY))).status).toBe(200);
  });

  test("when a token lacks the scope, then 403 and nothing is stored", async () => {
    const before = await t.node.records.count();
    const exec = await request(t.node.app).post("/execute").set(auth(DISCOVER_ONLY)).send({ mcp_name: "test.ping" });
    expect(exec.status).toBe(403);
    expect(exec.body.detail).toContain("execute");
    const meta = await request(t.node.app)
      .post("/metadata")
      .set(auth(DISCOVER_ONLY))
      .send([{ mcp_name: "x", success: true, latency_ms: 1 }]);
    expect(meta.status).toBe(403);
    expect(await t.node.records.count()).toBe(before);
  });

  test("when a token comes from the tokens file, then its scopes apply and its id is the record source", async () => {
    const res = await request(t.node.app)
      .post("/metadata")
      .set(auth(FILE_TOKEN))
      .send([{ mcp_name: "a.b", success: true, latency_ms: 3 }]);
    expect(res.status).toBe(204);
    expect((await t.node.records.list({ limit: 1 }))[0].source).toBe("org-file");
    expect((await request(t.node.app).get("/metadata").set(auth(FILE_TOKEN))).status).toBe(403);
  });

  test("when /healthz is called without a token, then it answers with the status only", async () => {
    const res = await request(t.node.app).get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
    const detailed = await request(t.node.app).get("/healthz").set(auth());
    expect(detailed.body).toMatchObject({ status: "ok", servers: { test: { state: "ready" } }, peers: [] });
  });
});

describe("nodes without tokens", () => {
  test("when no token is configured on loopback, then requests are accepted without one", async () => {
    const { dir, cleanup } = tempDir();
    const config = buildConfig(dir, {});
    const node = await createNode({ ...config, sharedToken: undefined }, { logger: pino({ level: "silent" }) });
    try {
      expect((await request(node.app).get("/discover")).status).toBe(200);
      // a wrong token is still refused
      expect((await request(node.app).get("/discover").set(auth("nope"))).status).toBe(401);
    } finally {
      await node.stop();
      cleanup();
    }
  });

  test("when no token is configured on a non-loopback host, then the node refuses to start", async () => {
    const { dir, cleanup } = tempDir();
    const config = buildConfig(dir, { node: { host: "0.0.0.0" } });
    await expect(createNode({ ...config, sharedToken: undefined }, { logger: pino({ level: "silent" }) })).rejects.toThrow(
      /no token is configured/,
    );
    cleanup();
  });
});

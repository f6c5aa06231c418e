import { join } from "node:path";
import pino from "pino";
import request from "supertest";
import { NodeConfigSchema } from "../../../src/config/config-schema";
import { createNode, type McpfedNode } from "../../../src/node/create-node";
import { auth, buildConfig, tempDir, testServerConfig } from "../../support/test-node";

const ROUTES: [string, string][] = [
  ["GET", "/healthz"],
  ["GET", "/metrics"],
  ["GET", "/discover"],
  ["POST", "/execute"],
  ["GET", "/peers"],
  ["POST", "/peers"],
  ["GET", "/audit"],
  ["GET", "/metadata"],
  ["POST", "/mcp"],
];

function send(app: McpfedNode["app"], method: string, path: string) {
  return method === "GET" ? request(app).get(path) : request(app).post(path).send(path === "/peers" ? { url: "http://127.0.0.1:9/" } : { mcp_name: "test.ping" });
}

/** Guards issue 12: "the default no-token loopback node accepts any Host/Origin on every REST route" (DNS rebinding). */
describe("open mode (no token, loopback) checks Host and Origin", () => {
  let node: McpfedNode;
  let cleanup: () => void;
  beforeAll(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const config = NodeConfigSchema.parse({ node: { name: "open", port: 0, db: join(temp.dir, "db.sqlite") }, mcpServers: { test: testServerConfig() } });
    node = await createNode(config, { logger: pino({ level: "silent" }) });
    await node.start();
  });
  afterAll(async () => {
    await node.stop();
    cleanup();
  });

  test.each(ROUTES)("when %s %s names a foreign Host, then 403 with a problem body and nothing happens", async (method, path) => {
    const peersBefore = node.engine.peers().length;
    const res = await send(node.app, method, path).set("Host", "rebound.attacker.example:8000");
    expect(res.status).toBe(403);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 403, type: "urn:mcpfed:problem:forbidden" });
    expect(node.engine.peers()).toHaveLength(peersBefore);
  });

  test.each(ROUTES)("when %s %s comes from a foreign Origin, then 403", async (method, path) => {
    const res = await send(node.app, method, path).set("Host", "127.0.0.1:8000").set("Origin", "http://rebound.attacker.example:8000");
    expect(res.status).toBe(403);
    expect(res.body.status).toBe(403);
  });

  test.each([["Origin", "null"], ["Host", "127.0.0.1.attacker.example"], ["Host", "localhost.attacker.example:8000"], ["Host", "user@127.0.0.1"]])(
    "when %s is %j, then 403",
    async (header, value) => {
      const res = await request(node.app).get("/discover").set("Host", "127.0.0.1:8000").set(header, value);
      expect(res.status).toBe(403);
    },
  );

  test.each([["127.0.0.1:8000"], ["localhost:8000"], ["[::1]:8000"], ["127.0.0.1"]])("when Host is the loopback %s, then the request is served", async (host) => {
    const res = await request(node.app).post("/execute").set("Host", host).send({ mcp_name: "test.ping" });
    expect(res.status).toBe(200);
  });

  test("when Origin is the node's own, then the request is served", async () => {
    const res = await request(node.app).get("/discover").set("Host", "localhost:8000").set("Origin", "http://localhost:8000");
    expect(res.status).toBe(200);
  });
});

describe("with tokens the guard steps aside (the token is the protection)", () => {
  test("when a request with a valid token names another Host, then it is served", async () => {
    const temp = tempDir();
    const node = await createNode(buildConfig(temp.dir), { logger: pino({ level: "silent" }) });
    try {
      const res = await request(node.app).get("/discover").set(auth()).set("Host", "mcpfed.partner.example");
      expect(res.status).toBe(200);
    } finally {
      await node.stop();
      temp.cleanup();
    }
  });
});

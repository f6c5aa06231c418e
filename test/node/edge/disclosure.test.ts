import { Writable } from "node:stream";
import pino from "pino";
import request from "supertest";
import { sha256Hex } from "../../../src/auth/tokens";
import { createNode, type McpfedNode } from "../../../src/node/create-node";
import { redactText, redactUrl } from "../../../src/node/redact";
import { auth, buildConfig, tempDir, testServerConfig } from "../../support/test-node";
import { startToolServer, type ToolServer } from "../../support/tool-server";

const DISCOVER = "disclosure-discover-token-00000001";
const METRICS = "disclosure-metrics-token-000000001";
const ORG_A = "disclosure-org-a-register-0000001";
const ORG_B = "disclosure-org-b-register-0000002";
// an unreachable peer whose URL carries credentials both as userinfo and as a query parameter
const PEER_URL = "http://peeruser:peer-pass-XYZ@127.0.0.1:9/?token=peer-token-XYZ&region=eu";

/** Guards issue 12: unauthenticated /healthz and GET /peers showed credentials; reports readable by any org. */
describe("disclosure", () => {
  let node: McpfedNode;
  let remote: ToolServer;
  let cleanup: () => void;
  const logLines: string[] = [];
  beforeAll(async () => {
    remote = await startToolServer([{ name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object", properties: {} } }]);
    const temp = tempDir();
    cleanup = temp.cleanup;
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    const config = buildConfig(temp.dir, {
      mcpServers: { test: testServerConfig() },
      peers: [{ url: PEER_URL }],
      tokens: [
        { id: "org-discover", sha256: sha256Hex(DISCOVER), scopes: ["discover"] },
        { id: "org-metrics", sha256: sha256Hex(METRICS), scopes: ["metrics"] },
        { id: "org-a", sha256: sha256Hex(ORG_A), scopes: ["register"] },
        { id: "org-b", sha256: sha256Hex(ORG_B), scopes: ["register"] },
      ],
      governance: { allowPrivateRemotes: true, semgrep: { bin: "/nonexistent/semgrep" } },
    });
    node = await createNode(config, { logger: pino({ level: "debug" }, sink), engine: { timeoutMs: 500, retries: 0 } });
    await node.start();
  });
  afterAll(async () => {
    await node.stop();
    await remote.close();
    cleanup();
  });

  test.each([["no token", {}], ["a discover-only token", auth(DISCOVER)], ["a wrong token", auth("not-a-real-token-at-all-000")]])(
    "when /healthz is read with %s, then it shows the status only",
    async (_label, headers) => {
      const res = await request(node.app).get("/healthz").set(headers);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: "ok" });
    },
  );

  test.each([["admin", auth()], ["metrics", auth(METRICS)]])("when /healthz is read with the %s scope, then details show, with no credentials", async (_l, headers) => {
    const res = await request(node.app).get("/healthz").set(headers);
    expect(res.body.servers.test.state).toBe("ready");
    expect(res.body.peers).toHaveLength(1);
    expect(res.body.peers[0].lastError).toEqual(expect.any(String));
    expect(res.body.peers[0].url).toContain("127.0.0.1:9");
    expect(res.text).not.toMatch(/peer-pass-XYZ|peer-token-XYZ|peeruser/);
  });

  test("when GET /peers and POST /peers answer, then URLs carry no credentials", async () => {
    const list = await request(node.app).get("/peers").set(auth());
    expect(list.status).toBe(200);
    expect(list.text).not.toMatch(/peer-pass-XYZ|peer-token-XYZ|peeruser/);
    expect(list.body[0].url).toBe("http://127.0.0.1:9/?token=redacted&region=eu");
    const added = await request(node.app).post("/peers").set(auth()).send({ url: "http://admin:added-secret-Q@127.0.0.1:7/" });
    expect(added.status).toBe(201);
    expect(added.text).not.toContain("added-secret-Q");
  });

  test("when a peer sync fails, then the log names the peer without its credentials", async () => {
    // node.start() ran one sync, which logged the failure
    const log = logLines.join("\n");
    expect(log).toContain("peer sync failed");
    expect(log).toContain("127.0.0.1:9");
    expect(log).not.toMatch(/peer-pass-XYZ|peer-token-XYZ|added-secret-Q/);
  });

  test("when another organization asks for a governance report, then 403; the owner and an admin read it", async () => {
    const reg = await request(node.app)
      .post("/register")
      .set(auth(ORG_A))
      .send({ name: "weather", description: "Weather forecasts for partner analytics", version: "1.0.0", license: "MIT", remote: { type: "streamable-http", url: remote.url } });
    expect(reg.status).toBe(201);
    const other = await request(node.app).get("/register/weather").set(auth(ORG_B));
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ status: 403, type: "urn:mcpfed:problem:forbidden" });
    expect(other.text).not.toContain("stages");
    expect((await request(node.app).get("/register/weather").set(auth(ORG_A))).status).toBe(200);
    expect((await request(node.app).get("/register/weather").set(auth())).status).toBe(200);
  });
});

describe("redaction", () => {
  test.each([
    ["http://u:p@host.example/x", "http://host.example/x"],
    ["https://host.example/mcp?api_key=abc&x=1", "https://host.example/mcp?api_key=redacted&x=1"],
    ["https://host.example/mcp?access_token=abc", "https://host.example/mcp?access_token=redacted"],
    ["https://host.example/mcp?page=2", "https://host.example/mcp?page=2"],
    ["not a url", "redacted"],
  ])("redactUrl(%j) is %j", (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  test("when an error text quotes a URL with credentials or a bearer token, then both are removed", () => {
    const out = redactText("connect to https://bob:hunter2@peer.example:8443/mcp?token=t0k failed; sent Bearer abc.def");
    expect(out).not.toMatch(/hunter2|t0k|abc\.def|bob/);
    expect(out).toContain("https://peer.example:8443/mcp?token=redacted");
  });
});

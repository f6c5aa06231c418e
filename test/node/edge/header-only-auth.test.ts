import { Writable } from "node:stream";
import pino from "pino";
import request from "supertest";
import { createNode, type McpfedNode } from "../../../src/node/create-node";
import { ADMIN_TOKEN, auth, buildConfig, tempDir, testServerConfig } from "../../support/test-node";

/** Guards issue 12: "?access_token= in the query string authenticates REST routes and /mcp". */
describe("bearer tokens come from the Authorization header only", () => {
  let node: McpfedNode;
  let cleanup: () => void;
  const logLines: string[] = [];
  beforeAll(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString("utf8"));
        done();
      },
    });
    node = await createNode(buildConfig(temp.dir, { mcpServers: { test: testServerConfig() } }), { logger: pino({ level: "trace" }, sink) });
    await node.start();
  });
  afterAll(async () => {
    await node.stop();
    cleanup();
  });

  test.each([
    ["GET", `/discover?access_token=${ADMIN_TOKEN}`],
    ["GET", `/metadata?access_token=${ADMIN_TOKEN}`],
    ["GET", `/peers?access_token=${ADMIN_TOKEN}`],
    ["POST", `/execute?access_token=${ADMIN_TOKEN}`],
    ["POST", `/mcp?access_token=${ADMIN_TOKEN}`],
  ])("when %s %s carries the token in the query, then 401 and the token is not echoed", async (method, path) => {
    const req = method === "GET" ? request(node.app).get(path) : request(node.app).post(path).send({ mcp_name: "test.ping" });
    const res = await req;
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer realm="mcpfed"/);
    expect(res.text).not.toContain(ADMIN_TOKEN);
    expect(res.body.instance).toBe(path.split("?")[0]);
  });

  test("when the token is a body field, then 401 (passport's body lookup is gone)", async () => {
    const res = await request(node.app).post("/execute").send({ mcp_name: "test.ping", access_token: ADMIN_TOKEN });
    expect(res.status).toBe(401);
  });

  test("when an authenticated request has a secret in its query, then no problem instance echoes it", async () => {
    const notFound = await request(node.app).get("/nope?access_token=s3cr3t-in-url").set(auth());
    expect(notFound.status).toBe(404);
    expect(notFound.text).not.toContain("s3cr3t-in-url");
    const invalid = await request(node.app).get("/discover?limit=0&access_token=s3cr3t-in-url").set(auth());
    expect(invalid.status).toBe(400);
    expect(invalid.text).not.toContain("s3cr3t-in-url");
    expect(invalid.body.instance).toBe("/discover");
  });

  test("when the header carries the token, then the request is served", async () => {
    expect((await request(node.app).get("/discover").set(auth())).status).toBe(200);
    expect((await request(node.app).get("/discover").set("Authorization", `bearer   ${ADMIN_TOKEN}`)).status).toBe(200);
  });

  test("when tokens appear in URLs of rejected requests, then no log line contains them", async () => {
    await request(node.app).get(`/discover?access_token=${ADMIN_TOKEN}`);
    await request(node.app).get(`/nope?access_token=${ADMIN_TOKEN}`).set(auth());
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("\n")).not.toContain(ADMIN_TOKEN);
  });
});

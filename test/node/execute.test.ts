import request from "supertest";
import { startToolServer, type ToolServer } from "../support/tool-server";
import { auth, EVERYTHING, startTestNode, testServerConfig, waitFor, type TestNode } from "../support/test-node";

describe("POST /execute", () => {
  let t: TestNode;
  let http: ToolServer;

  beforeAll(async () => {
    http = await startToolServer([{ name: "upper", description: "Upper-cases text", inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } }]);
    t = await startTestNode({
      mcpServers: {
        test: testServerConfig({ cost: 0.25, timeout: "400ms", tools: { exclude: ["secret-*"] } }),
        everything: { command: process.execPath, args: [EVERYTHING, "stdio"], tools: { include: ["echo", "get-sum"] } },
        remote: { url: http.url },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await http.close();
  });

  const exec = (body: unknown) => request(t.node.app).post("/execute").set(auth()).send(body as object);

  test("when kwargs match the schema, then the tool runs and one anonymized record is stored", async () => {
    const before = await t.node.records.count();
    const res = await exec({ mcp_name: "everything.echo", kwargs: { message: "hello" } });
    expect(res.status).toBe(200);
    expect(res.body.result.content[0].text).toBe("Echo: hello");
    expect(await t.node.records.count()).toBe(before + 1);
    const [rec] = await t.node.records.list({ limit: 1, mcpName: "everything.echo" });
    expect(rec).toMatchObject({ mcp_name: "everything.echo", success: true, source: "local", error_class: null });
    expect(rec.ts % 60_000).toBe(0);
    expect(JSON.stringify(rec)).not.toContain("hello");
  });

  test("when positional args are given, then they map onto the schema's properties in order", async () => {
    const res = await exec({ mcp_name: "test.add", args: [2, 40] });
    expect(res.status).toBe(200);
    expect(res.body.result.content[0].text).toBe("42");
  });

  test("when a hosted server has a cost, then its records carry it", async () => {
    await exec({ mcp_name: "test.ping" });
    const [rec] = await t.node.records.list({ limit: 1, mcpName: "test.ping" });
    expect(rec.cost).toBe(0.25);
  });

  test("when the tool is a Streamable HTTP server's, then the call goes over HTTP", async () => {
    const res = await exec({ mcp_name: "remote.upper", kwargs: { text: "abc" } });
    expect(res.status).toBe(200);
    expect(res.body.result.content[0].text).toBe('upper:{"text":"abc"}');
  });

  test("when a Streamable HTTP server answers with an event stream, then the call still succeeds", async () => {
    const sse = await startToolServer(
      [{ name: "shout", description: "Shouts", inputSchema: { type: "object", properties: { text: { type: "string" } } } }],
      undefined,
      { eventStream: true },
    );
    const n = await startTestNode({ mcpServers: { sse: { url: sse.url } } });
    try {
      const res = await request(n.node.app).post("/execute").set(auth()).send({ mcp_name: "sse.shout", kwargs: { text: "hey" } });
      expect(res.status).toBe(200);
      expect(res.body.result.content[0].text).toBe('shout:{"text":"hey"}');
    } finally {
      await n.close();
      await sse.close();
    }
  });

  test.each([
    ["a wrong type", { mcp_name: "test.add", kwargs: { a: "x", b: 1 } }, "kwargs.a"],
    ["a missing required property", { mcp_name: "everything.echo", kwargs: {} }, "kwargs.message"],
    ["too many positional args", { mcp_name: "test.add", args: [1, 2, 3] }, "args"],
    ["an argument given twice", { mcp_name: "test.add", args: [1], kwargs: { a: 1, b: 2 } }, "args.0"],
    ["an unknown body field", { mcp_name: "test.add", kwargs: { a: 1, b: 2 }, extra: true }, "body"],
    ["a bad tool name", { mcp_name: "bad name!" }, "body.mcp_name"],
    ["kwargs that are not an object", { mcp_name: "test.add", kwargs: [1, 2] }, "body.kwargs"],
  ])("when the request has %s, then 400 lists the field and no record is stored", async (_label, body, path) => {
    const before = await t.node.records.count();
    const res = await exec(body);
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, title: "Bad Request" });
    expect(res.body.errors.map((e: { path: string }) => e.path).join(" ")).toContain(path);
    expect(await t.node.records.count()).toBe(before);
  });

  test("when the tool is unknown or excluded by the operator, then 404 and nothing is stored", async () => {
    const before = await t.node.records.count();
    for (const name of ["test.nope", "test.secret-tool", "everything.get-env", "nosuchserver.x"]) {
      const res = await exec({ mcp_name: name });
      expect(res.status).toBe(404);
      expect(res.body.type).toBe("urn:mcpfed:problem:not-found");
    }
    expect(await t.node.records.count()).toBe(before);
  });

  test("when the tool reports an error, then 200 carries it and the record says tool-error", async () => {
    const res = await exec({ mcp_name: "test.fail" });
    expect(res.status).toBe(200);
    expect(res.body.result.isError).toBe(true);
    const [rec] = await t.node.records.list({ limit: 1, mcpName: "test.fail" });
    expect(rec).toMatchObject({ success: false, error_class: "tool-error" });
  });

  test("when the call outlasts the server's timeout, then 504 and a failed record", async () => {
    const res = await exec({ mcp_name: "test.sleep", kwargs: { ms: 3000 } });
    expect(res.status).toBe(504);
    expect(res.body.type).toBe("urn:mcpfed:problem:upstream-timeout");
    const [rec] = await t.node.records.list({ limit: 1, mcpName: "test.sleep" });
    expect(rec).toMatchObject({ success: false, error_class: "upstream-timeout" });
  });

  test("when the server adds a tool and notifies, then the catalog publishes it", async () => {
    expect(t.node.catalog.get("test.extra")).toBeUndefined();
    const res = await exec({ mcp_name: "test.add-tool" });
    expect(res.status).toBe(200);
    await waitFor(() => t.node.catalog.get("test.extra") !== undefined);
    expect((await exec({ mcp_name: "test.extra" })).status).toBe(200);
  });

  test("when the stdio server dies mid-call, then 502, and it is restarted and serves again", async () => {
    const res = await exec({ mcp_name: "test.crash" });
    expect(res.status).toBe(502);
    expect(res.body.type).toBe("urn:mcpfed:problem:upstream");
    await waitFor(() => t.node.hosted.status().test.state === "ready");
    expect(t.node.hosted.status().test.restarts).toBeGreaterThanOrEqual(1);
    const again = await exec({ mcp_name: "test.ping" });
    expect(again.status).toBe(200);
  });
});

describe("POST /execute while a server restarts", () => {
  test("when the server is down and waiting to restart, then 503 with Retry-After", async () => {
    // a slow restart, so the window is observable
    const t = await startTestNode({ mcpServers: { test: testServerConfig() } }, { restartBaseMs: 10_000 });
    try {
      expect((await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "test.crash" })).status).toBe(502);
      const res = await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "test.ping" });
      expect(res.status).toBe(503);
      expect(Number(res.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      const health = await request(t.node.app).get("/healthz").set(auth());
      expect(health.body.status).toBe("degraded");
      expect(health.body.servers.test.state).toBe("restarting");
    } finally {
      await t.close();
    }
  });
});

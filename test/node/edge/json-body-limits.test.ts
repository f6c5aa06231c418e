import request from "supertest";
import { exceedsJsonDepth } from "../../../src/node/json-depth";
import { auth, startTestNode, testServerConfig, type TestNode } from "../../support/test-node";

const nested = (levels: number, leaf = "1") => "[".repeat(levels) + leaf + "]".repeat(levels);

/** Guards issue 12: deeply nested kwargs gave 5xx, counted as failures and opened the breaker; invalid UTF-8 was replaced silently. */
describe("the JSON body reader bounds nesting and encoding", () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ mcpServers: { test: testServerConfig() } }, { breaker: { failureThreshold: 2, openMs: 60_000 } });
  });
  afterAll(() => t.close());

  // the body's bytes as given (superagent would JSON-encode a Buffer)
  const post = (path: string, body: string | Buffer) =>
    request(t.node.app)
      .post(path)
      .set(auth())
      .set("Content-Type", "application/json")
      .serialize((b: unknown) => b as string)
      .send(body as string);

  test.each([[1_000], [10_000], [400_000]])("when kwargs nest %d levels deep, then 400 before parsing, five times, and the breaker stays closed", async (levels) => {
    for (let i = 0; i < 5; i++) {
      const res = await post("/execute", `{"mcp_name":"test.ping","kwargs":{"note":${nested(levels)}}}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, type: "urn:mcpfed:problem:malformed-json" });
      expect(res.body.detail).toMatch(/deeper than 64 levels/);
    }
    const ok = await post("/execute", `{"mcp_name":"test.ping","kwargs":{}}`);
    expect(ok.status).toBe(200);
    expect((await request(t.node.app).get("/healthz").set(auth())).body.servers.test.circuit).toBe("closed");
  });

  test("when the deep body goes to /mcp or /metadata, then 400 and nothing is stored", async () => {
    const before = await t.node.records.count();
    expect((await post("/mcp", `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"test__ping","arguments":{"a":${nested(5000)}}}}`)).status).toBe(400);
    expect((await post("/metadata", nested(100_000))).status).toBe(400);
    expect(await t.node.records.count()).toBe(before);
  });

  test("when brackets are inside strings, then they do not count as nesting", async () => {
    const res = await post("/execute", JSON.stringify({ mcp_name: "test.ping", kwargs: { note: "[".repeat(10_000) + '\\"{' } }));
    expect(res.status).toBe(200);
  });

  test("when nesting is within the limit, then the body reaches validation as usual", async () => {
    const res = await post("/execute", `{"mcp_name":"test.ping","kwargs":{"note":${nested(60)}}}`);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe("urn:mcpfed:problem:validation");
  });

  test.each([
    ["a lone continuation byte", Buffer.from([0x80])],
    ["an invalid lead byte", Buffer.from([0xff])],
    ["a truncated sequence", Buffer.from([0xe2, 0x82])],
    ["an overlong encoding", Buffer.from([0xc0, 0xaf])],
    ["a UTF-16 surrogate", Buffer.from([0xed, 0xa0, 0x80])],
  ])("when a JSON string holds %s, then 400 and nothing is stored", async (_label, bad) => {
    const before = await t.node.records.count();
    const res = await post("/execute", Buffer.concat([Buffer.from('{"mcp_name":"test.ping","kwargs":{"note":"'), bad, Buffer.from('"}}')]));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, type: "urn:mcpfed:problem:malformed-json", detail: "the body is not valid UTF-8" });
    // a call that ran would have stored a record
    expect(await t.node.records.count()).toBe(before);
  });

  test("when a string holds valid multi-byte UTF-8, then it is accepted as is", async () => {
    const res = await post("/execute", Buffer.from(JSON.stringify({ mcp_name: "test.ping", kwargs: { note: "Ålesund – 東京 🚀" } }), "utf8"));
    expect(res.status).toBe(200);
  });
});

describe("exceedsJsonDepth", () => {
  test.each([
    ["[]", 1, false],
    ["[[]]", 1, true],
    ['{"a":{"b":[1]}}', 3, false],
    ['{"a":{"b":[1]}}', 2, true],
    ['["[[[[", "\\"[[["]', 1, false],
  ])("%s with limit %d exceeds: %s", (text, limit, expected) => {
    expect(exceedsJsonDepth(Buffer.from(text), limit)).toBe(expected);
  });
});

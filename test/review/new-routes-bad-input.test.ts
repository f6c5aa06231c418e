import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { auth, startTestNode, testServerConfig } from "../support/test-node";

const OWNER = "review-bad-input-owner-token-0000001";

/** Bad input on this round's routes: a 4xx problem (RFC 9457), never a 500, and nothing stored. */
describe("bad input on the directory, heartbeat, cache and digest surfaces", () => {
  let node: Awaited<ReturnType<typeof startTestNode>>;

  beforeAll(async () => {
    node = await startTestNode({
      mcpServers: { local: testServerConfig({ tools: { include: ["ping"] } }) },
      tokens: [{ id: "owner", sha256: sha256Hex(OWNER), scopes: ["register", "discover", "execute"] }],
    });
  });
  afterAll(async () => {
    await node?.close();
  });

  const problem = (res: request.Response, status: number) => {
    expect({ status: res.status, type: res.headers["content-type"] }).toEqual({ status, type: expect.stringMatching(/problem\+json/) });
  };
  const app = () => node.node.app;

  test.each([
    ["a malformed percent-encoding in an id", "/directory/servers/%E0%A4%A", 400],
    ["an id too long", `/directory/servers/${"a".repeat(70)}`, 400],
    ["a repeated search parameter", "/directory/search?tag=a&tag=b", 400],
    ["a tag with a space", "/directory/search?tag=a%20b", 400],
    ["an unknown parameter", "/directory/search?tag=a&x=1", 400],
  ])("when the directory gets %s, then 400", async (_what, path, status) => {
    problem(await request(app()).get(path).set(auth()), status);
  });

  test("when a heartbeat names a bad or unknown member, then 400 or 404, and no beat is stored", async () => {
    problem(await request(app()).post("/register/Bad.Name/heartbeat").set(auth(OWNER)).send({}), 400);
    problem(await request(app()).post("/register/%E0%A4%A/heartbeat").set(auth(OWNER)).send({}), 400);
    problem(await request(app()).post("/register/nobody/heartbeat").set(auth(OWNER)).send({}), 404);
    problem(await request(app()).post("/register/nobody/heartbeat").set(auth(OWNER)).set("content-type", "application/json").send("{not json"), 400);
    expect(await node.node.stores.heartbeats.all()).toEqual([]);
  });

  test.each([
    ["no body", undefined],
    ["tags not an array", { tags: "search" }],
    ["an empty list", { tags: [] }],
    ["a tag with a slash", { tags: ["a/b"] }],
    ["an unknown key", { tags: ["a"], all: true }],
    ["too many tags", { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }],
  ])("when the cache invalidation gets %s, then 400", async (_what, body) => {
    const req = request(app()).post("/admin/cache/invalidate").set(auth());
    problem(await (body === undefined ? req : req.send(body)), 400);
  });

  test.each([
    ["not base64url", "not a digest!"],
    ["too short", "abc"],
    ["two values", `${"A".repeat(43)}, ${"B".repeat(43)}`],
  ])("when a forwarded call's tool digest header is %s, then 400 and the tool does not run", async (_what, digest) => {
    const before = (await node.node.records.list({ limit: 100 })).length;
    const res = await request(app()).post("/execute").set(auth()).set("x-mcpfed-hop", "1").set("x-mcpfed-tool-digest", digest).send({ mcp_name: "local.ping", kwargs: {} });
    problem(res, 400);
    await new Promise((r) => setTimeout(r, 50));
    expect((await node.node.records.list({ limit: 100 })).length).toBe(before);
  });
});

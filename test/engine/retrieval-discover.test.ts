import request from "supertest";
import { ADMIN_TOKEN, auth, startListeningNode, testServerConfig } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

/** /discover?q= on both scopes goes through the engine's search index, on real nodes. */
describe("GET /discover?q= uses the engine's retrieval", () => {
  let b: Listening; // a partner hosting the test server
  let a: Listening; // this node: the test server too, and b as a peer

  beforeAll(async () => {
    b = await startListeningNode({ node: { name: "org-b" }, mcpServers: { test: testServerConfig() } });
    a = await startListeningNode({
      node: { name: "org-a" },
      mcpServers: { test: testServerConfig({ tools: { include: ["add", "ping", "sleep"] } }) },
      peers: [{ url: b.url, token: ADMIN_TOKEN }],
    });
  });
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map((n) => n.close()));
  });

  const discover = (query: string) => request(a.node.app).get(`/discover${query}`).set(auth());

  test.each([
    ["words in another form than the description's", "?q=adding%20numbers", ["test.add"]],
    ["a task sentence", "?q=please%20wait%20a%20few%20milliseconds", ["test.sleep"]],
    ["several steps", "?q=add%20two%20numbers%2C%20then%20wait", ["test.add", "test.sleep"]],
    ["nothing that matches", "?q=zzzqqq", []],
  ])("when scope=local is searched with %s, then only local tools come, most relevant first", async (_case, query, expected) => {
    const res = await discover(query);
    expect(res.status).toBe(200);
    expect(res.body.map((e: { name: string }) => e.name)).toEqual(expected);
    expect(res.body.every((e: { host?: unknown }) => e.host === undefined)).toBe(true);
  });

  test("when scope=federated is searched, then the partner's copy comes too, with its relevance", async () => {
    const res = await discover("?scope=federated&q=adding%20numbers");
    expect(res.status).toBe(200);
    expect(res.body.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(["test.add", `test.add@${b.host}`]));
    expect(res.body[0].objectives.relevance).toBe(1);
  });

  test("when the query is too long, then the answer is a 400 problem", async () => {
    const res = await discover(`?q=${"a".repeat(300)}`);
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
  });
});

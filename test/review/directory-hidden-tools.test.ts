import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { auth, startTestNode, testServerConfig } from "../support/test-node";

const VIEWER = "review-directory-viewer-token-000001";

/**
 * Policies apply to the directory as to /discover: a record shows only the tools the token may
 * see, and nothing derived from the others (their capabilities, tags, version) either — or a
 * search would reveal what the policy hides.
 */
describe("directory records and the tools a policy hides", () => {
  let node: Awaited<ReturnType<typeof startTestNode>>;

  beforeAll(async () => {
    node = await startTestNode({
      // ping is annotated readOnlyHint (capability read-only); fail has no annotations
      mcpServers: { app: testServerConfig({ tools: { include: ["ping", "fail"] }, capabilities: ["data.read"] }) },
      tokens: [{ id: "viewer", sha256: sha256Hex(VIEWER), scopes: ["discover"] }],
      policies: [{ match: "app.ping", tokens: ["viewer"], action: "deny", priority: 10 }],
    });
  });
  afterAll(async () => {
    await node?.close();
  });

  const get = (path: string, token?: string) => request(node.node.app).get(path).set(auth(token));

  test("when an admin looks, then the record has both tools and the read-only capability", async () => {
    const rec = (await get("/directory/servers/app")).body;
    expect(rec.tools).toEqual(["app.fail", "app.ping"]);
    expect(rec.capabilities).toEqual(["data.read", "read-only"]);
  });

  test("when a token that may not see app.ping looks, then neither the tool nor its capability is shown, nor found by search", async () => {
    const rec = (await get("/directory/servers/app", VIEWER)).body;
    expect(rec.tools).toEqual(["app.fail"]);
    expect(rec.capabilities).toEqual(["data.read"]);
    expect((await get("/directory/search?capability=read-only", VIEWER)).body).toEqual({ servers: [] });
    expect((await get("/directory/search?capability=data.read", VIEWER)).body.servers.map((s: { id: string }) => s.id)).toEqual(["app"]);
  });
});

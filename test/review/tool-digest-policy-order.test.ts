import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { ADMIN_TOKEN, auth, startTestNode, testServerConfig } from "../support/test-node";

const PARTNER = "review-digest-partner-token-00000001";
const ANY_DIGEST = "A".repeat(43);

/**
 * A forwarded call naming a tool's digest (X-Mcpfed-Tool-Digest) learns whether the definition
 * changed (409). A tool the caller's policy denies is refused first (403), as without the
 * header: the header must not tell a denied caller anything about that tool.
 */
describe("the tool digest header and the policy table", () => {
  let node: Awaited<ReturnType<typeof startTestNode>>;

  beforeAll(async () => {
    node = await startTestNode({
      mcpServers: { local: testServerConfig({ tools: { include: ["ping", "add"] } }) },
      tokens: [{ id: "partner-x", sha256: sha256Hex(PARTNER), scopes: ["discover", "execute"] }],
      policies: [{ match: "local.add", tokens: ["partner-*"], action: "deny", priority: 10 }],
    });
  });
  afterAll(async () => {
    await node?.close();
  });

  const forwarded = (token: string, mcp_name: string, digest: string) =>
    request(node.node.app).post("/execute").set(auth(token)).set("x-mcpfed-hop", "1").set("x-mcpfed-tool-digest", digest).send({ mcp_name, kwargs: { a: 1, b: 2 } });

  test("when a denied caller names a wrong digest of a tool, then it gets the policy's 403, not the definition's 409", async () => {
    const res = await forwarded(PARTNER, "local.add", ANY_DIGEST);
    expect(res.status).toBe(403);
  });

  test("when an allowed caller names a wrong digest, then the definition check still refuses it (409)", async () => {
    expect((await forwarded(ADMIN_TOKEN, "local.add", ANY_DIGEST)).status).toBe(409);
  });
});

import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { ADMIN_TOKEN, auth, startTestNode, testServerConfig } from "../support/test-node";

const DISCOVER_ONLY = "review-discover-only-token-0000000001";

/**
 * The `mcpfed://directory` resource is readable with the discover scope. Servers and peers (their
 * URLs, last errors) are operators' details: /healthz shows them only to admin and metrics
 * tokens, redacted, and the resource must not show more.
 */
describe("the MCP directory resource and operators' details", () => {
  let node: Awaited<ReturnType<typeof startTestNode>>;

  beforeAll(async () => {
    node = await startTestNode({
      mcpServers: { local: testServerConfig({ tools: { include: ["ping"] } }) },
      // an unreachable partner whose URL carries a credential: its status names both
      peers: [{ url: "http://127.0.0.1:9/?access_token=peer-secret-in-url", token: ADMIN_TOKEN }],
      tokens: [{ id: "reader", sha256: sha256Hex(DISCOVER_ONLY), scopes: ["discover"] }],
    });
  });
  afterAll(async () => {
    await node?.close();
  });

  const read = async (token: string) => {
    const res = await request(node.node.app)
      .post("/mcp")
      .set(auth(token))
      .set("Accept", "application/json, text/event-stream")
      .send({ jsonrpc: "2.0", id: 1, method: "resources/read", params: { uri: "mcpfed://directory" } });
    expect(res.status).toBe(200);
    return res.body.result.contents[0].text as string;
  };

  test("when a discover-only token reads it, then no server or peer status (URLs, last errors) is in it", async () => {
    const text = await read(DISCOVER_ONLY);
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc).not.toHaveProperty("peers");
    expect(doc).not.toHaveProperty("servers");
    expect(text).not.toContain("127.0.0.1:9");
    expect(text).not.toContain("peer-secret-in-url");
    // what it may see is still there
    expect(doc).toHaveProperty("members");
    expect(doc).toHaveProperty("tools");
  });

  test("when an admin token reads it, then servers and peers are there with credentials stripped", async () => {
    const text = await read(ADMIN_TOKEN);
    const doc = JSON.parse(text) as { peers: { url: string }[]; servers: Record<string, unknown> };
    expect(doc.peers).toHaveLength(1);
    expect(doc.servers).toHaveProperty("local");
    expect(text).not.toContain("peer-secret-in-url");
  });
});

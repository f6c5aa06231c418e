import { startGatewayServer, type GatewayServer } from "../support/gateway-server";
import { startTestNode, type TestNode } from "../support/test-node";

const text = (r: { content: unknown[] }) => (r.content[0] as { text: string }).text;

describe("isolation per caller session", () => {
  let upstream: GatewayServer;
  let n: TestNode;

  beforeAll(async () => {
    upstream = await startGatewayServer({ json: true });
    n = await startTestNode({
      mcpServers: { iso: { url: upstream.url, isolation: "session" }, shared: { type: "streamable-http", url: upstream.url } },
    });
  });
  afterAll(async () => {
    await n.close();
    await upstream.close();
  });

  test("when two sessions call a stateful tool, then each sees only its own history, and a closed session starts afresh", async () => {
    const iso = n.node.hosted.get("iso")!;
    expect(text(await iso.callTool("counter", {}, { session: "tenant-a" }))).toBe("1");
    expect(text(await iso.callTool("counter", {}, { session: "tenant-a" }))).toBe("2");
    expect(text(await iso.callTool("counter", {}, { session: "tenant-b" }))).toBe("1");
    expect(text(await iso.callTool("counter", {}, { session: "tenant-a" }))).toBe("3");
    await iso.closeSession("tenant-a");
    expect(text(await iso.callTool("counter", {}, { session: "tenant-a" }))).toBe("1");
    expect(text(await iso.callTool("counter", {}, { session: "tenant-b" }))).toBe("2");
  });

  test("when the server is shared, then sessions share its one upstream session", async () => {
    const shared = n.node.hosted.get("shared")!;
    const first = Number(text(await shared.callTool("counter", {}, { session: "tenant-a" })));
    expect(Number(text(await shared.callTool("counter", {}, { session: "tenant-b" })))).toBe(first + 1);
  });
});

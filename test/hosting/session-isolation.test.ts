import pino from "pino";
import { SessionConnections } from "../../src/hosting/session-connections";
import { createUndiciFetch } from "../../src/hosting/undici-fetch";
import { UpstreamConnection } from "../../src/hosting/upstream-connection";
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
    await n.node.hosted.closeSession("tenant-a");
    expect(text(await iso.callTool("counter", {}, { session: "tenant-a" }))).toBe("1");
    expect(text(await iso.callTool("counter", {}, { session: "tenant-b" }))).toBe("2");
  });

  test("when the server is shared, then sessions share its one upstream session", async () => {
    const shared = n.node.hosted.get("shared")!;
    const first = Number(text(await shared.callTool("counter", {}, { session: "tenant-a" })));
    expect(Number(text(await shared.callTool("counter", {}, { session: "tenant-b" })))).toBe(first + 1);
  });
});

describe("session connections held at once", () => {
  let upstream: GatewayServer;
  const http = createUndiciFetch();
  let clock = 0;
  const sessions = () =>
    new SessionConnections(
      (onClose) =>
        new UpstreamConnection({ name: "gw", config: { url: upstream.url, headers: {} }, log: pino({ level: "silent" }), fetch: () => http.fetch, connectTimeoutMs: 5000, onClose }),
      { max: 2, idleMs: 60_000, now: () => clock },
    );
  const count = (s: SessionConnections, id: string) => s.use(id, async (c) => text(await c.callTool("counter", {}, { timeoutMs: 5000, direct: true })));

  beforeAll(async () => {
    upstream = await startGatewayServer({ json: true });
  });
  afterAll(async () => {
    await http.close();
    await upstream.close();
  });

  test("when the cap is reached, then the least recently used idle session makes room", async () => {
    const s = sessions();
    try {
      clock = 1;
      expect(await count(s, "a")).toBe("1");
      clock = 2;
      expect(await count(s, "b")).toBe("1");
      clock = 3;
      expect(await count(s, "a")).toBe("2");
      clock = 4;
      expect(await count(s, "c")).toBe("1");
      expect(s.size).toBe(2);
      expect(await count(s, "a")).toBe("3");
      expect(await count(s, "b")).toBe("1");
    } finally {
      await s.closeAll();
    }
  });

  test("when a session stays idle past idleMs, then its connection is closed and it starts afresh", async () => {
    const s = sessions();
    try {
      clock = 0;
      expect(await count(s, "a")).toBe("1");
      expect(await count(s, "a")).toBe("2");
      clock = 120_000;
      expect(await count(s, "b")).toBe("1");
      expect(await count(s, "a")).toBe("1");
    } finally {
      await s.closeAll();
    }
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Peer } from "../../src/engine/peer";
import type { RemoteRecord } from "../../src/engine/remote-catalog";

const M = "2026-11-23T10:00:00.000Z";
const M1 = "2026-11-23T10:01:00.000Z";
const rec = (name: string, ts: string) => ({ mcp_name: name, success: true, latency_ms: 5, cost: null, ts, source: "local" });

describe("pulling a peer's performance records", () => {
  let server: Server;
  let url: string;
  const answers = [
    [rec("b", M), rec("a", M)],
    [rec("c", M), rec("b", M), rec("a", M)],
    [rec("d", M1), rec("c", M), rec("b", M), rec("a", M)],
  ];
  const sinces: (string | null)[] = [];
  beforeAll(async () => {
    let call = 0;
    server = createServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://x");
      const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (u.pathname === "/discover") return json([{ name: "t", description: "a tool", inputSchema: { type: "object" } }]);
      sinces.push(u.searchParams.get("since"));
      // the peer's `since` is inclusive: it serves every record from that minute on
      json(answers[Math.min(call++, answers.length - 1)]);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test("when later pulls overlap at the last minute seen, then each record is taken exactly once", async () => {
    const peer = new Peer({ url, timeoutMs: 2000, retries: 0, retryBaseMs: 10, failureLimit: 3, probeIntervalMs: 1000, maxBytes: 1 << 20, maxEntries: 100 });
    const taken: RemoteRecord[][] = [];
    try {
      for (let i = 0; i < 3; i++) await peer.sync((r) => taken.push(r), true);
    } finally {
      await peer.close();
    }
    expect(taken.map((batch) => batch.map((r) => r.mcp_name).sort())).toEqual([["a", "b"], ["c"], ["d"]]);
    expect(sinces).toEqual([null, M, M]);
  });
});

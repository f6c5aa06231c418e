import { MemberDirectory } from "../../src/directory/member-directory";
import type { RegistryEntry } from "../../src/engine";
import type { PeerStatus } from "../../src/engine/peer";

/**
 * /healthz answers anyone, and asks the directory for this node's unhealthy members on every
 * call. Building every partner's servers for it (each peer's whole catalog) would let an
 * anonymous caller spend the node's CPU at will (about 50 ms a call with 50,000 partner tools).
 */
describe("the directory's unhealthy members, for /healthz", () => {
  const partnerTools = Array.from({ length: 1000 }, (_, i) => ({ id: `s${i % 10}.t${i}@peer.example`, name: `s${i % 10}.t${i}`, host: "peer.example", version: "1", tags: [], capabilities: [], description: "", inputSchema: {}, executable: true, stale: false })) as unknown as RegistryEntry[];
  let partnerReads = 0;
  const directory = new MemberDirectory({
    catalog: { all: () => [] },
    hosted: { status: () => ({ app: { state: "failed", tools: 0, connectedAt: null } }) as never, configOf: () => undefined, isConfigured: (n) => n === "app" },
    registration: { publishedMembers: () => [], quarantinedTools: () => [], missedRechecks: () => false },
    heartbeats: { isStale: () => false, lastBeat: () => undefined },
    engine: {
      entries: () => {
        partnerReads++;
        return partnerTools;
      },
      peers: () => [{ host: "peer.example", url: "https://peer.example", state: "offline", lastSuccess: null } as PeerStatus],
    },
    publicUrl: () => "https://node.example",
  });

  test("when /healthz asks, then the node's own unhealthy members come back without reading partners' catalogs", () => {
    const before = partnerReads;
    expect(directory.unhealthy().map((r) => [r.id, r.origin, r.status])).toEqual([["app", "hosted", "down"]]);
    expect(partnerReads).toBe(before);
  });

  test("when the directory is listed, then partners' servers are still there", () => {
    expect(directory.list("anyone").map((r) => r.id)).toEqual(["app", "s0@peer.example", "s1@peer.example", "s2@peer.example", "s3@peer.example", "s4@peer.example", "s5@peer.example", "s6@peer.example", "s7@peer.example", "s8@peer.example", "s9@peer.example"]);
  });
});

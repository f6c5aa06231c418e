import { ObservationPolicy, type Uploader } from "../../../src/node/observation-policy";

const REGISTRY = new Set(["srv.tool", "srv.tool@b.example:8000", "srv.tool@c.example"]);
const UPLOADERS: Record<string, Uploader> = {
  "partner-b": { host: "b.example:8000", trust: 1 },
  "partner-b-low": { host: "B.example:8000", trust: 0.25 },
  "partner-nohost": { trust: 1 },
  "partner-zero": { host: "b.example:8000", trust: 0 },
};
const policy = () => new ObservationPolicy({ isKnown: (n) => REGISTRY.has(n), uploader: (s) => UPLOADERS[s] });

describe("ObservationPolicy", () => {
  test.each([
    ["local", "srv.tool", true],
    ["local", "srv.tool@b.example:8000", true],
    ["local", "unknown.tool", false],
    ["partner-b", "srv.tool@b.example:8000", true],
    ["partner-b", "srv.tool@c.example", false],
    ["partner-b", "srv.tool", false],
    ["partner-b", "unknown@b.example:8000", false],
    ["partner-nohost", "srv.tool@b.example:8000", false],
    ["partner-zero", "srv.tool@b.example:8000", false],
    ["token-removed-since", "srv.tool@b.example:8000", false],
  ])("when %s records %s, then it counts for ranking: %s", (source, name, expected) => {
    expect(policy().countsForRanking({ mcp_name: name, source })).toBe(expected);
  });

  test("when an uploader's trust is 0.25, then one record in four counts (host compared without case)", () => {
    const p = policy();
    const counted = Array.from({ length: 40 }, () => p.countsForRanking({ mcp_name: "srv.tool@b.example:8000", source: "partner-b-low" })).filter(Boolean);
    expect(counted).toHaveLength(10);
  });
});

import type { CatalogEntry } from "../../../src/store/catalog-store";
import type { PerformanceRecord } from "../../../src/store/records-store";
import type { Submission } from "../../../src/store/submissions-store";

export function buildEntry(overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  const name = overrides.name ?? "srv.tool";
  return {
    name,
    server: overrides.server ?? name.split(".")[0],
    origin: "hosted",
    description: "does a thing",
    version: "1.0.0",
    tags: ["a", "b"],
    capabilities: ["data.read"],
    // property order matters (positional args map onto it): z before a on purpose
    inputSchema: { type: "object", properties: { z: { type: "string" }, a: { type: "number" } }, required: ["z"] },
    executable: true,
    definitionSha256: "0".repeat(64),
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

export function buildSubmission(overrides: Partial<Submission> = {}): Submission {
  return {
    name: "tool",
    version: "1.0.0",
    owner: "acme",
    status: "published",
    manifest: { name: overrides.name ?? "tool", nested: { b: 1, a: [1, 2] } },
    report: { findings: [] },
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

export function buildRecord(overrides: Partial<PerformanceRecord> = {}): PerformanceRecord {
  return { mcp_name: "srv.tool", success: true, latency_ms: 1.25, cost: null, ts: 60_000, source: "local", error_class: null, ...overrides };
}

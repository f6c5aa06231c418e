import type { ToolCatalog } from "../catalog/tool-catalog";
import type { TokenEntry } from "../config/config-schema";
import type { FederatedEngine } from "../engine";
import type { NodeMetrics } from "../metrics/node-metrics";
import type { PerformanceRecorder } from "../metrics/performance-recorder";
import type { RecordsStore } from "../store/records-store";
import { ObservationPolicy } from "./observation-policy";
import { knownRegistryIds, seedKnownNames } from "./registry-names";

export interface ObservationWiringDeps {
  records: Pick<RecordsStore, "list">;
  recorder: Pick<PerformanceRecorder, "onRecord">;
  engine: Pick<FederatedEngine, "observe" | "entries" | "membershipRevision" | "peers">;
  metrics: Pick<NodeMetrics, "toolExecution">;
  catalog: Pick<ToolCatalog, "get">;
  /** The token entries in force (they change on reload): uploaders' `host` and `trust`. */
  tokens: () => readonly TokenEntry[];
  /** How many recent records seed the engine's statistics at start-up. */
  seedRecords: number;
}

/**
 * Feeds stored records to the engine's statistics and the tool metrics through the
 * ObservationPolicy (docs/adr/0100-harden-edge-uploaded-observations-and-edge-limits.md): once
 * at start-up from the store, then for every new record.
 */
export function wireObservations(deps: ObservationWiringDeps): void {
  const { engine, metrics } = deps;
  const uploader = (source: string) => deps.tokens().find((t) => t.id === source);
  // seeding runs before the first peer sync: a peer's names are admitted by host, a bounded number per host
  const seedPolicy = new ObservationPolicy({ isKnown: seedKnownNames(deps.catalog, engine), uploader });
  for (const r of deps.records.list({ limit: deps.seedRecords }).reverse()) if (seedPolicy.countsForRanking(r)) engine.observe(r);
  const policy = new ObservationPolicy({ isKnown: knownRegistryIds(deps.catalog, engine), uploader });
  deps.recorder.onRecord((obs) => {
    if (policy.countsForRanking(obs)) engine.observe(obs);
    // metrics describe this node's own executions of registry tools: uploads and made-up names never add series
    if (obs.source === "local" && policy.isKnown(obs.mcp_name)) {
      metrics.toolExecution(obs.mcp_name, obs.success ? "success" : (obs.error_class ?? "failure"), obs.latency_ms / 1000);
    }
  });
}

import type { ToolCatalog } from "../catalog/tool-catalog";
import type { TokenEntry } from "../config/config-schema";
import type { FederatedEngine } from "../engine";
import type { NodeMetrics } from "../metrics/node-metrics";
import type { PerformanceRecorder } from "../metrics/performance-recorder";
import type { PerformanceRecord, RecordsStore } from "../store/records-store";
import { hostOf, ObservationPolicy } from "./observation-policy";
import { knownRegistryIds } from "./registry-names";

export interface ObservationWiringDeps {
  records: Pick<RecordsStore, "list">;
  recorder: Pick<PerformanceRecorder, "onRecord">;
  engine: Pick<FederatedEngine, "observe" | "entries" | "membershipRevision" | "peers" | "onMembershipChange">;
  metrics: Pick<NodeMetrics, "toolExecution">;
  catalog: Pick<ToolCatalog, "get">;
  /** The token entries in force (they change on reload): uploaders' `host` and `trust`. */
  tokens: () => readonly TokenEntry[];
  /** How many recent records seed the engine's statistics at start-up. */
  seedRecords: number;
}

/**
 * Feeds stored records to the engine's statistics and the tool metrics through the
 * ObservationPolicy (docs/adr/0009-uploaded-observations-and-edge-limits.md): once
 * at start-up from the store, then for every new record.
 *
 * At start-up the peers' catalogs are still empty, so stored records of `name@host` wait until
 * that peer has synced once: then the names in its catalog count and the rest are dropped.
 * Records of hosts that are not peers are dropped at once. The wait is bounded by `seedRecords`.
 */
export function wireObservations(deps: ObservationWiringDeps): void {
  const { engine, metrics } = deps;
  const uploader = (source: string) => deps.tokens().find((t) => t.id === source);
  const policy = new ObservationPolicy({ isKnown: knownRegistryIds(deps.catalog, engine), uploader });
  const peerHosts = new Set(engine.peers().map((p) => p.host.toLowerCase()));
  let waiting: PerformanceRecord[] = [];
  for (const r of deps.records.list({ limit: deps.seedRecords }).reverse()) {
    const host = hostOf(r.mcp_name);
    if (host === undefined) {
      if (policy.countsForRanking(r)) engine.observe(r);
    } else if (peerHosts.has(host)) waiting.push(r);
  }
  if (waiting.length > 0) {
    const release = () => {
      const synced = new Set(engine.peers().filter((p) => p.lastSuccess !== null).map((p) => p.host.toLowerCase()));
      const stillWaiting: PerformanceRecord[] = [];
      for (const r of waiting) {
        if (!synced.has(hostOf(r.mcp_name)!)) stillWaiting.push(r);
        else if (policy.countsForRanking(r)) engine.observe(r);
      }
      waiting = stillWaiting;
      if (waiting.length === 0) unsubscribe();
    };
    const unsubscribe = engine.onMembershipChange(release);
  }
  deps.recorder.onRecord((obs) => {
    if (policy.countsForRanking(obs)) engine.observe(obs);
    // metrics describe this node's own executions of registry tools: uploads and made-up names never add series
    if (obs.source === "local" && policy.isKnown(obs.mcp_name)) {
      metrics.toolExecution(obs.mcp_name, obs.success ? "success" : (obs.error_class ?? "failure"), obs.latency_ms / 1000);
    }
  });
}

import { Counter } from "prom-client";
import type { Logger } from "pino";
import type { ToolCatalog } from "../catalog/tool-catalog";
import type { NodeConfig, ServerConfig } from "../config/config-schema";
import type { FederatedEngine } from "../engine";
import type { NodeMetrics } from "../metrics/node-metrics";
import { CallLimits } from "../limits/call-limits";
import { MemoryWindowCounter, StoreWindowCounter } from "../limits/window-counter";
import type { ChangeFeed, Stores } from "../store/ports";
import { CachePlanner, type ServerCacheSettings } from "./cache-plan";
import { CallGate } from "./call-gate";
import { ResultCache } from "./result-cache";
import { ToolFactsLookup } from "./tool-facts";

export interface CallGateWiringDeps {
  config: Pick<NodeConfig, "limits" | "cache">;
  /** `kind` decides where limits count (the services see narrow stores: it may be absent). */
  stores: Pick<Stores, "counters"> & Partial<Pick<Stores, "kind">>;
  /** Other replicas' invalidations arrive here, and this replica's are announced (PostgreSQL). */
  changes?: ChangeFeed;
  catalog: Pick<ToolCatalog, "get" | "onChange">;
  hosted: { configOf(name: string): ServerConfig | undefined };
  engine: Pick<FederatedEngine, "entries" | "membershipRevision" | "onMembershipChange">;
  metrics: Pick<NodeMetrics, "registry" | "rateLimit">;
  logger: Logger;
}

/** The call gate of a node, and what the admin routes and reloads do to it. */
export interface CallGateWiring {
  gate: CallGate;
  cache: ResultCache;
  /** `POST /admin/cache/invalidate`: drops the entries carrying any of `tags`, here and on the replicas. */
  invalidateTags(tags: readonly string[]): number;
  /** `limits.ipPerMinute` as last loaded (the per-address limit follows reloads). */
  ipPerMinute(): number | undefined;
  /** /admin/reload: new limits and cache rules; cached answers are dropped (their rules may have changed). */
  reload(next: Pick<NodeConfig, "limits" | "cache">): void;
}

/**
 * Builds the limits and the result cache from the configuration. Counters are shared through
 * the store on PostgreSQL (replicas); one process owns a SQLite file, so it counts in memory.
 * Any change of a tool's definition (a hosted server's new listing, a partner's new catalog)
 * drops the answers cached for its old definition. Tag invalidations reach the other replicas
 * through the change feed.
 */
export function wireCallGate(deps: CallGateWiringDeps): CallGateWiring {
  const { config, metrics, logger } = deps;
  const counter = deps.stores.kind === "postgres" ? new StoreWindowCounter(deps.stores.counters) : new MemoryWindowCounter();
  const limits = new CallLimits(config.limits, {
    counter,
    onLimited: (kind) => metrics.rateLimit(kind),
    onCounterError: (err) => logger.warn({ err: (err as Error).message }, "call limit counter not written; the call passes"),
  });
  const cache = new ResultCache({ maxEntries: config.cache.maxEntries, maxBytes: config.cache.maxBytes });
  const planner = new CachePlanner(config.cache.tools, (server) => serverSettings(deps.hosted.configOf(server)));
  const facts = new ToolFactsLookup({
    catalog: deps.catalog,
    remote: { entries: () => deps.engine.entries(), revision: () => deps.engine.membershipRevision },
  });
  const registers = [metrics.registry];
  const hits = new Counter({ name: "mcpfed_cache_hits_total", help: "Tool calls answered from the result cache", registers });
  const misses = new Counter({ name: "mcpfed_cache_misses_total", help: "Cacheable tool calls that went to the server", registers });
  const gate = new CallGate({ limits, cache, planner, facts, onCache: (o) => (o === "hit" ? hits.inc() : misses.inc()) });
  const dropChanged = () => {
    if (cache.size > 0) cache.invalidate((e) => facts.factsOf(e.tool)?.fingerprint !== e.fingerprint);
  };
  deps.catalog.onChange(dropChanged);
  deps.engine.onMembershipChange(dropChanged);
  deps.changes?.subscribe((change) => {
    if (change.topic === "cache") cache.invalidateTags(change.tags);
    // the feed was down: an invalidation may have been missed
    if (change.topic === "resync") cache.clear();
  });
  let ipPerMinute = config.limits.ipPerMinute;
  return {
    gate,
    cache,
    ipPerMinute: () => ipPerMinute,
    invalidateTags(tags) {
      void deps.changes?.announce?.({ topic: "cache", tags: [...tags] }).catch((err: unknown) => logger.warn({ err: (err as Error).message }, "cache invalidation not announced to the replicas"));
      return cache.invalidateTags(tags);
    },
    reload(next) {
      limits.replace(next.limits);
      ipPerMinute = next.limits.ipPerMinute;
      planner.replace(next.cache.tools);
      cache.resize({ maxEntries: next.cache.maxEntries, maxBytes: next.cache.maxBytes });
      cache.clear();
    },
  };
}

function serverSettings(server: ServerConfig | undefined): ServerCacheSettings | undefined {
  if (!server) return undefined;
  // `tags` belongs to the per-server settings; read it whether or not this build has the key
  const tags = (server as { tags?: unknown }).tags;
  return {
    ttlMs: server.cache?.ttl,
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : undefined,
    perSession: server.isolation === "session",
  };
}

import type { FallbackConfig } from "./fallback-schema";
import type { FallbackDeps } from "./fallback-runner";
import { FallbackTable } from "./fallback-table";
import { sameNameCandidates, type SameNameRegistry } from "./same-name-candidates";

/** The parts of the node's configuration the fallback reads. */
export interface FallbackSettings {
  fallback: FallbackConfig;
  federation: { fallback: boolean };
}

export interface FallbackWiring {
  /** For ExecuteService: the table and the same-name source, both following reloads. */
  deps: Omit<FallbackDeps, "policy">;
  /** /admin/reload: takes the new `fallback` table and `federation.fallback` switch. */
  reload(next: FallbackSettings): void;
}

/** Builds the node's fallback from its configuration; `registry` is the federated engine. */
export function createFallback(settings: FallbackSettings, registry: SameNameRegistry): FallbackWiring {
  const table = new FallbackTable(settings.fallback);
  const sameName = sameNameCandidates(registry);
  let sameNameOn = settings.federation.fallback;
  return {
    deps: { table, sameName: (id) => (sameNameOn ? sameName(id) : []) },
    reload(next) {
      table.replace(next.fallback);
      sameNameOn = next.federation.fallback;
    },
  };
}

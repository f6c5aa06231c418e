import type { RegistryEntry } from "../engine/engine-types";

/** What the same-name fallback reads: the federation's registry (the engine's entries). */
export interface SameNameRegistry {
  entries(): readonly Pick<RegistryEntry, "id" | "name" | "host" | "stale" | "executable">[];
}

/**
 * `federation.fallback`: the other copies of a tool under the same name, this node's own
 * (`name`) and every peer's (`name@host`), fresh ones before stale ones (a peer that missed
 * its last sync), then by id so the order is stable.
 */
export function sameNameCandidates(registry: SameNameRegistry): (id: string) => string[] {
  return (id) => {
    const at = id.indexOf("@");
    const name = at < 0 ? id : id.slice(0, at);
    return registry
      .entries()
      .filter((e) => e.name === name && e.id !== id && e.executable)
      .sort((a, b) => Number(a.stale) - Number(b.stale) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((e) => e.id);
  };
}

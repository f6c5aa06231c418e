import type { ToolCatalog } from "../catalog/tool-catalog";
import type { FederatedEngine } from "../engine";

/**
 * "Is this name in the registry?", answered from the local catalog and a set of the peers'
 * `name@host` ids rebuilt only when the engine's membership changes (a POST /metadata batch of
 * 1 000 records asks 1 000 times).
 */
export function knownRegistryIds(catalog: Pick<ToolCatalog, "get">, engine: Pick<FederatedEngine, "entries" | "membershipRevision">): (name: string) => boolean {
  let cached: { revision: number; ids: Set<string> } | undefined;
  return (name) => {
    if (!name.includes("@")) return catalog.get(name) !== undefined;
    if (cached?.revision !== engine.membershipRevision) {
      const ids = new Set<string>();
      for (const e of engine.entries()) if (e.host !== null) ids.add(e.id);
      cached = { revision: engine.membershipRevision, ids };
    }
    return cached.ids.has(name);
  };
}

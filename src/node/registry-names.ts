import type { ToolCatalog } from "../catalog/tool-catalog";
import type { FederatedEngine } from "../engine";
import { hostOf } from "./observation-policy";

/** Most names admitted per peer host while seeding (a peer catalog holds at most 5 000 entries). */
const SEED_NAMES_PER_HOST = 5000;

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

/**
 * The same question before the first peer sync, when peers' catalogs are still empty: local
 * names from the stored catalog; `name@host` when host is a configured peer, at most
 * SEED_NAMES_PER_HOST distinct names per host.
 */
export function seedKnownNames(catalog: Pick<ToolCatalog, "get">, engine: Pick<FederatedEngine, "peers">): (name: string) => boolean {
  const hosts = new Set(engine.peers().map((p) => p.host.toLowerCase()));
  const seen = new Map<string, Set<string>>();
  return (name) => {
    const host = hostOf(name);
    if (host === undefined) return catalog.get(name) !== undefined;
    if (!hosts.has(host)) return false;
    let names = seen.get(host);
    if (!names) seen.set(host, (names = new Set()));
    if (names.has(name)) return true;
    if (names.size >= SEED_NAMES_PER_HOST) return false;
    names.add(name);
    return true;
  };
}

import type { Logger } from "pino";
import type { ToolCatalog } from "../catalog/tool-catalog";
import type { NodeConfig } from "../config/config-schema";
import type { FederatedEngine } from "../engine";
import type { RegistrationService } from "../governance/registration-service";
import type { CatalogEntry } from "../store/catalog-store";
import type { StoreChange, Stores } from "../store/ports";
import type { PeerSyncRounds } from "./peer-sync-rounds";

export interface ReplicaChangesDeps {
  stores: Pick<Stores, "changes" | "catalog" | "peers">;
  catalog: ToolCatalog;
  engine: Pick<FederatedEngine, "peers" | "attachPeer" | "removePeer">;
  /** Peer sync rounds: the leader's syncs reach this replica through them. */
  rounds: Pick<PeerSyncRounds, "round" | "follow">;
  registration: Pick<RegistrationService, "syncFromStore">;
  config: Pick<NodeConfig, "peers">;
  logger: Logger;
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
};

/**
 * Applies other replicas' changes to this replica's memory: catalog entries (and so
 * `tools/list_changed` to this replica's MCP sessions), publications and unpublications
 * (connecting or dropping the remote here), and run-time peers. Changes are applied one at a
 * time, in the order heard. Returns the unsubscribe function.
 */
export function followReplicaChanges(deps: ReplicaChangesDeps): () => void {
  const { stores, catalog, logger } = deps;
  let queue: Promise<void> = Promise.resolve();
  const apply = async (change: StoreChange) => {
    switch (change.topic) {
      case "catalog":
        await applyStoredServer(catalog, stores, change.server);
        return;
      case "submissions":
        await deps.registration.syncFromStore(change.name);
        return;
      case "peers":
        await syncPeers(deps);
        return;
      case "peer-sync":
        await deps.rounds.follow();
        return;
      case "resync":
        await resyncCatalog(catalog, await stores.catalog.all());
        await syncPeers(deps);
    }
  };
  return stores.changes.subscribe((change) => {
    queue = queue.then(() => apply(change)).catch((err: unknown) => logger.error({ err, change: change.topic }, "replica change not applied"));
  });
}

/**
 * Reads one server's stored entries and takes them into memory, but only as a read that no
 * write of this replica's own overlapped: this replica's pending writes land first (the store
 * then holds them), and a read during which the local catalog changed is done again. Otherwise a
 * late notification could put back, from the store, an entry this replica had just removed
 * (a quarantine) but not yet written.
 */
async function applyStoredServer(catalog: ToolCatalog, stores: Pick<Stores, "catalog">, server: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await catalog.persisted();
    const revision = catalog.revision;
    const stored = (await stores.catalog.all()).filter((e) => e.server === server);
    if (catalog.revision !== revision) continue;
    catalog.applyStored(server, stored);
    return;
  }
}

async function resyncCatalog(catalog: ToolCatalog, stored: readonly CatalogEntry[]): Promise<void> {
  const byServer = new Map<string, CatalogEntry[]>();
  for (const e of stored) (byServer.get(e.server) ?? byServer.set(e.server, []).get(e.server))?.push(e);
  for (const server of catalog.servers()) if (!byServer.has(server)) catalog.applyStored(server, []);
  for (const [server, entries] of byServer) catalog.applyStored(server, entries);
}

/** Run-time peers as stored: add the new ones, drop the removed ones (never a configured peer). */
async function syncPeers(deps: ReplicaChangesDeps): Promise<void> {
  const { stores, engine, config } = deps;
  const stored = await stores.peers.all();
  const storedHosts = new Set(stored.map((p) => hostOf(p.url)));
  const configured = new Set(config.peers.map((p) => hostOf(p.url)));
  const current = new Map(engine.peers().map((p) => [p.host, p.url]));
  for (const [host, url] of current) if (!storedHosts.has(host) && !configured.has(host)) engine.removePeer(url);
  let added = false;
  for (const peer of stored) {
    if (current.has(hostOf(peer.url) ?? "")) continue;
    engine.attachPeer(peer);
    added = true;
  }
  // the leader syncs the new peer, the others take its stored sync; a partner's timeout must not
  // hold up the changes queued behind this one
  if (added) void deps.rounds.round().catch(() => undefined);
  else await deps.rounds.follow();
}

import type { Stores } from "../ports";
import { MemoryAuditStore, MemoryCatalogStore, MemoryPeersStore, MemoryRecordsStore, MemorySubmissionsStore } from "./memory-data-stores";
import { MemoryHeartbeatsStore } from "./memory-heartbeats-store";
import { MemoryCountersStore, MemoryKeysStore, MemoryPeerSyncStore, MemorySessionsStore } from "./memory-runtime-stores";

/** Fresh in-memory stores: nothing persists, nothing is shared with another process. */
export function createMemoryStores(): Stores {
  return {
    kind: "memory",
    catalog: new MemoryCatalogStore(),
    submissions: new MemorySubmissionsStore(),
    records: new MemoryRecordsStore(),
    audit: new MemoryAuditStore(),
    peers: new MemoryPeersStore(),
    peerSync: new MemoryPeerSyncStore(),
    keys: new MemoryKeysStore(),
    sessions: new MemorySessionsStore(),
    counters: new MemoryCountersStore(),
    heartbeats: new MemoryHeartbeatsStore(),
    changes: { subscribe: () => () => {} },
    leadership: { tryLead: async () => true, release: async () => {} },
    close: async () => {},
  };
}

import { AuditStore } from "../audit-store";
import { CatalogStore } from "../catalog-store";
import { closeDatabase, openDatabase, type Db } from "../database";
import { PeersStore } from "../peers-store";
import type { AuditPort, CatalogPort, PeersPort, RecordsPort, Stores, SubmissionsPort } from "../ports";
import { RecordsStore } from "../records-store";
import { SubmissionsStore } from "../submissions-store";
import { SqliteCountersStore, SqliteKeysStore, SqliteSessionsStore } from "./sqlite-runtime-stores";
import { SqlitePeerSyncStore } from "./sqlite-peer-sync-store";
import { SqliteHeartbeatsStore } from "./sqlite-heartbeats-store";

/** The SQLite adapter's stores, with the handle for tests that must drive SQLite itself (a full disk). */
export interface SqliteStores extends Stores {
  readonly kind: "sqlite";
  /** Not for services: they use the ports. */
  readonly db: Db;
}

/**
 * The embedded adapter: the synchronous better-sqlite3 stores (same schema, WAL with
 * synchronous=NORMAL, the records' group commit) behind the async ports. A call commits before
 * its promise resolves, as before; the ports only add a microtask.
 */
export function createSqliteStores(path: string): SqliteStores {
  const db = openDatabase(path);
  const catalog = new CatalogStore(db);
  const submissions = new SubmissionsStore(db);
  const records = new RecordsStore(db);
  const audit = new AuditStore(db);
  const peers = new PeersStore(db);
  let closed = false;
  const catalogPort: CatalogPort = {
    all: async () => catalog.all(),
    replaceServer: async (server, entries) => catalog.replaceServer(server, entries),
    retainHostedServers: async (names) => catalog.retainHostedServers(names),
  };
  const submissionsPort: SubmissionsPort = {
    record: async (sub, pins) => submissions.record(sub, pins),
    latest: async (name) => submissions.latest(name),
    published: async (name) => submissions.published(name),
    allPublished: async () => submissions.allPublished(),
    versionPublished: async (name, version) => submissions.versionPublished(name, version),
    owner: async (name) => submissions.owner(name),
    unpublish: async (name) => submissions.unpublish(name),
    pins: async (server) => submissions.pins(server),
    count: async () => submissions.count(),
  };
  const recordsPort: RecordsPort = {
    add: async (r) => records.add(r),
    addBatch: async (rs) => records.addBatch(rs),
    // SQLite writes are synchronous: committed when the call returns
    flush: async () => {},
    list: async (q) => records.list(q),
    count: async () => records.count(),
  };
  const auditPort: AuditPort = { add: async (e, now) => audit.add(e, now), list: async (q) => audit.list(q) };
  const peersPort: PeersPort = { all: async () => peers.all(), save: async (p) => peers.save(p), remove: async (url) => peers.remove(url) };
  return {
    kind: "sqlite",
    db,
    catalog: catalogPort,
    submissions: submissionsPort,
    records: recordsPort,
    audit: auditPort,
    peers: peersPort,
    peerSync: new SqlitePeerSyncStore(db),
    keys: new SqliteKeysStore(db),
    sessions: new SqliteSessionsStore(db),
    counters: new SqliteCountersStore(db),
    heartbeats: new SqliteHeartbeatsStore(db),
    // one process owns a SQLite file: there are no other replicas to hear from
    changes: { subscribe: () => () => {} },
    leadership: { tryLead: async () => true, release: async () => {} },
    async close() {
      if (closed) return;
      closed = true;
      closeDatabase(db);
    },
  };
}

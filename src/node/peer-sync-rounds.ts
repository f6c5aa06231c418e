import type { Logger } from "pino";
import { parsePeerSnapshot, type FederatedEngine, type PeerSnapshot } from "../engine";
import type { NodeMetrics } from "../metrics/node-metrics";
import type { PeerSyncPort } from "../store/ports";
import { redactText, redactUrl } from "./redact";

/** A sync that changed only its times (last sync, last success) is stored again after this long. */
const TIMES_REFRESH_MS = 60_000;

/**
 * What makes a stored sync out of date: a new catalog or records batch, another state, error or
 * trust. Computed from counters, not from the catalog itself, which can be megabytes.
 */
function changeKey(s: PeerSnapshot): string {
  return JSON.stringify([s.catalogVersion, s.recordsSeq, s.state, s.failures, s.lastError, s.dropped, s.rejectedCount, s.nextProbeAt, s.etag ?? null, s.trust?.state.status ?? null, s.trust?.trustedKey ?? null, s.trust?.lastCatalog ?? null]);
}

export interface PeerSyncRoundsDeps {
  engine: Pick<FederatedEngine, "refresh" | "peerSnapshots" | "restorePeers">;
  store: PeerSyncPort;
  /** Is this replica the one that syncs peers (an advisory lock on PostgreSQL; always true elsewhere)? */
  lead: () => Promise<boolean>;
  metrics: Pick<NodeMetrics, "peerSync">;
  logger: Logger;
}

/**
 * Peer sync for one node or a group of replicas: exactly one replica, the leader, calls the
 * partners and stores what each sync left (PeerSnapshot); the others take the stored syncs when
 * the leader announces them and at each round. When the leader stops or dies its lock is free
 * and the next round of another replica takes over, so partners are never synced twice over
 * and never left unsynced for more than a round.
 */
export class PeerSyncRounds {
  /** What this replica last stored per peer URL (its change key, and when), so an unchanged sync writes nothing. */
  private readonly saved = new Map<string, { key: string; at: number }>();
  private running: Promise<void> | undefined;
  private again = false;
  /** Has this replica taken the stored syncs once (a new leader starts from them: keys, ETags, cursors)? */
  private loaded = false;

  constructor(private readonly deps: PeerSyncRoundsDeps) {}

  /** One round (rounds asked for while one runs are run once more after it); never rejects. */
  round(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          try {
            if (await this.deps.lead()) {
              if (!this.loaded) await this.follow();
              await this.syncAndStore();
            } else await this.follow();
          } catch (err) {
            // a round that failed (the database away) is logged; the next round tries again
            this.deps.logger.error({ err }, "peer sync round failed");
          }
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Takes the leader's stored syncs (a replica that does not lead). */
  async follow(): Promise<void> {
    this.loaded = true;
    const snapshots = (await this.deps.store.all()).flatMap((json) => parsePeerSnapshot(json) ?? []);
    this.deps.engine.restorePeers(snapshots);
  }

  private async syncAndStore(): Promise<void> {
    const { engine, store, metrics, logger } = this.deps;
    const result = await engine.refresh();
    for (const p of result.peers) metrics.peerSync(p.host, p.error ? "error" : p.changed ? "changed" : "unchanged");
    for (const e of result.errors) logger.warn({ peer: redactUrl(e.url), err: redactText(e.error) }, "peer sync failed");
    const current = new Set<string>();
    for (const snapshot of engine.peerSnapshots()) {
      current.add(snapshot.url);
      const key = changeKey(snapshot);
      const last = this.saved.get(snapshot.url);
      const now = Date.now();
      if (last && last.key === key && now - last.at < TIMES_REFRESH_MS) continue;
      try {
        await store.save(snapshot.url, JSON.stringify(snapshot));
        this.saved.set(snapshot.url, { key, at: now });
      } catch (err) {
        logger.error({ err, peer: redactUrl(snapshot.url) }, "peer sync not stored");
      }
    }
    for (const url of [...this.saved.keys()]) {
      if (current.has(url)) continue;
      this.saved.delete(url);
      await store.remove(url).catch((err: unknown) => logger.error({ err }, "removed peer's sync not deleted"));
    }
  }
}

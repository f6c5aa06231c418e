import type { Logger } from "pino";
import { parsePeerSnapshot, type FederatedEngine } from "../engine";
import type { NodeMetrics } from "../metrics/node-metrics";
import type { PeerSyncPort } from "../store/ports";
import { redactText, redactUrl } from "./redact";

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
  /** What this replica last stored per peer URL, so an unchanged sync writes nothing. */
  private readonly saved = new Map<string, string>();
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
      const json = JSON.stringify(snapshot);
      if (this.saved.get(snapshot.url) === json) continue;
      try {
        await store.save(snapshot.url, json);
        this.saved.set(snapshot.url, json);
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

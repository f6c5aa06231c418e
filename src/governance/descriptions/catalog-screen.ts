import type { Severity } from "../findings";
import type { ScreenedEntry } from "../description-jobs";
import { catalogScreenPool, type ScanWorkerPool } from "../scan-worker-pool";

export type { ScreenedEntry } from "../description-jobs";

/** Names of rejected entries, each with the reason. */
export type CatalogScreen = (entries: readonly ScreenedEntry[]) => Promise<ReadonlyMap<string, string>>;

export interface CatalogScreenOptions {
  /** Findings at or above this severity drop an entry (default "high"). */
  failOn?: Severity;
  /** Most servers' verdicts remembered between syncs (default 5 000): unchanged servers are not re-read. */
  cacheSize?: number;
  /** The worker that reads the descriptions (default: the process's catalog screen worker). */
  pool?: ScanWorkerPool;
  /** Time for one batch of servers on the worker (default 60 s); past it the sync fails. */
  timeoutMs?: number;
}

/** Servers sent to the worker in one job: a bound on one message and on one job's time. */
const BATCH = 200;

/** The server an entry belongs to: its `server` field, or the part of `server.tool` before the dot. */
function serverOf(e: ScreenedEntry): string {
  return e.server ?? (e.name.includes(".") ? e.name.slice(0, e.name.indexOf(".")) : "");
}

/**
 * Builds the check the engine runs on a partner's catalog before its tools are listed or
 * served: the same description analysis as registration, one server at a time (so a workflow
 * hint that names a sibling tool stays ordinary), on a worker thread so neither a large catalog
 * nor the first compilation of the term lexicons stalls the event loop. Verdicts are cached per
 * server definition. A batch the worker cannot finish fails the screen (and with it the sync:
 * the peer's previous catalog stays), never lets entries through unread.
 */
export function createCatalogScreen(options: CatalogScreenOptions = {}): CatalogScreen {
  const failOn = options.failOn ?? "high";
  const cacheSize = options.cacheSize ?? 5_000;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const cache = new Map<string, [string, string][]>();
  return async (entries) => {
    const byServer = new Map<string, ScreenedEntry[]>();
    for (const e of entries) {
      const group = byServer.get(serverOf(e));
      if (group) group.push(e);
      else byServer.set(serverOf(e), [e]);
    }
    const rejected = new Map<string, string>();
    const unread: { key: string; group: ScreenedEntry[] }[] = [];
    for (const group of byServer.values()) {
      const key = JSON.stringify(group.map((e) => [e.name, e.description ?? "", e.inputSchema ?? null]));
      const known = cache.get(key);
      if (known) for (const [name, reason] of known) rejected.set(name, reason);
      else unread.push({ key, group });
    }
    const pool = options.pool ?? catalogScreenPool();
    for (let i = 0; i < unread.length; i += BATCH) {
      const batch = unread.slice(i, i + BATCH);
      const out = await pool.run({ stage: "screen", groups: batch.map((b) => b.group), failOn }, timeoutMs);
      const verdicts = out.verdicts ?? [];
      if (verdicts.length !== batch.length) throw new Error("the catalog screen answered for the wrong number of servers");
      batch.forEach((b, j) => {
        for (const [name, reason] of verdicts[j]) rejected.set(name, reason);
        if (cache.size >= cacheSize) cache.clear();
        cache.set(b.key, verdicts[j]);
      });
    }
    return rejected;
  };
}

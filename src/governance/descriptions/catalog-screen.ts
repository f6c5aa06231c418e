import { atLeast, type Severity } from "../findings";
import { scanTool } from "../poisoning";

/** A partner catalog entry as far as the screen reads it. */
export interface ScreenedEntry {
  name: string;
  description?: string;
  server?: string;
  inputSchema?: unknown;
}

/** Names of rejected entries, each with the reason. */
export type CatalogScreen = (entries: readonly ScreenedEntry[]) => Promise<ReadonlyMap<string, string>>;

export interface CatalogScreenOptions {
  /** Findings at or above this severity drop an entry (default "high"). */
  failOn?: Severity;
  /** Most servers' verdicts remembered between syncs (default 5 000): unchanged servers are not re-read. */
  cacheSize?: number;
}

/** The server an entry belongs to: its `server` field, or the part of `server.tool` before the dot. */
function serverOf(e: ScreenedEntry): string {
  return e.server ?? (e.name.includes(".") ? e.name.slice(0, e.name.indexOf(".")) : "");
}

function toolName(e: ScreenedEntry): string {
  return e.name.includes(".") ? e.name.slice(e.name.indexOf(".") + 1) : e.name;
}

/**
 * Builds the check the engine runs on a partner's catalog before its tools are listed or
 * served: the same description analysis as registration, one server at a time (so a workflow
 * hint that names a sibling tool stays ordinary). Verdicts are cached per server definition,
 * and the work yields to the event loop between servers so a large catalog does not stall it.
 */
export function createCatalogScreen(options: CatalogScreenOptions = {}): CatalogScreen {
  const failOn = options.failOn ?? "high";
  const cacheSize = options.cacheSize ?? 5_000;
  const cache = new Map<string, [string, string][]>();
  const screenServer = async (group: ScreenedEntry[], pace: () => Promise<void>): Promise<[string, string][]> => {
    const key = JSON.stringify(group.map((e) => [e.name, e.description ?? "", e.inputSchema ?? null]));
    const known = cache.get(key);
    if (known) return known;
    const ctx = { ownToolNames: group.map(toolName) };
    const verdicts = new Map<string, string>();
    for (const e of group) {
      const blocking = scanTool({ name: toolName(e), description: e.description, inputSchema: e.inputSchema }, ctx).find((f) => atLeast(f.severity, failOn));
      if (blocking) verdicts.set(e.name, `${blocking.ruleId}: ${blocking.message}`.slice(0, 300));
      await pace();
    }
    if (cache.size >= cacheSize) cache.clear();
    cache.set(key, [...verdicts]);
    return [...verdicts];
  };
  return async (entries) => {
    const byServer = new Map<string, ScreenedEntry[]>();
    for (const e of entries) {
      const group = byServer.get(serverOf(e));
      if (group) group.push(e);
      else byServer.set(serverOf(e), [e]);
    }
    const rejected = new Map<string, string>();
    let slice = Date.now();
    const pace = async () => {
      if (Date.now() - slice < 20) return;
      await new Promise((r) => setImmediate(r));
      slice = Date.now();
    };
    for (const group of byServer.values()) {
      for (const [name, reason] of await screenServer(group, pace)) rejected.set(name, reason);
    }
    return rejected;
  };
}

import { atLeast, type Severity } from "../findings";
import { scanToolList } from "../poisoning";

/** A partner catalog entry as far as the screen reads it. */
export interface ScreenedEntry {
  name: string;
  description?: string;
  server?: string;
  inputSchema?: unknown;
}

/** Names of rejected entries, each with the reason. */
export type CatalogScreen = (entries: readonly ScreenedEntry[]) => ReadonlyMap<string, string>;

export interface CatalogScreenOptions {
  /** Findings at or above this severity drop an entry (default "high"). */
  failOn?: Severity;
  /** Most verdicts remembered between syncs (default 20 000): unchanged entries are not re-read. */
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
 * served: the same description analysis as registration, per server (so a workflow hint that
 * names a sibling tool stays ordinary). Verdicts are cached by the entry's definition.
 */
export function createCatalogScreen(options: CatalogScreenOptions = {}): CatalogScreen {
  const failOn = options.failOn ?? "high";
  const cacheSize = options.cacheSize ?? 20_000;
  const cache = new Map<string, string | null>();
  return (entries) => {
    const rejected = new Map<string, string>();
    const byServer = new Map<string, ScreenedEntry[]>();
    for (const e of entries) byServer.set(serverOf(e), [...(byServer.get(serverOf(e)) ?? []), e]);
    for (const group of byServer.values()) {
      const siblings = group.map(toolName).sort().join("\n");
      for (const e of group) {
        const key = JSON.stringify([e.name, e.description ?? "", e.inputSchema ?? null, siblings]);
        let verdict = cache.get(key);
        if (verdict === undefined) {
          const tools = group.map((g) => ({ name: toolName(g), description: g === e ? g.description : "", inputSchema: g === e ? g.inputSchema : undefined }));
          const blocking = scanToolList(tools).filter((f) => f.tool === toolName(e) && atLeast(f.severity, failOn));
          verdict = blocking.length ? `${blocking[0].ruleId}: ${blocking[0].message}`.slice(0, 300) : null;
          if (cache.size >= cacheSize) cache.clear();
          cache.set(key, verdict);
        }
        if (verdict) rejected.set(e.name, verdict);
      }
    }
    return rejected;
  };
}

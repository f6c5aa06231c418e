import { FederatedEngine, type PeerConfig, type RankedTool } from "./engine";

function cell(value: string, width: number): string {
  return value.length > width ? `${value.slice(0, width - 1)}…` : value.padEnd(width);
}

/** Formats a ranking as a fixed-width table. */
export function formatRanking(ranked: readonly RankedTool[]): string[] {
  const header = ["#", "front", "tool", "success", "p50 ms", "p95 ms", "cost", "trust", "rel", "obs"];
  const widths = [4, 5, 48, 7, 8, 8, 8, 5, 5, 6];
  const rows = ranked.map((r, i) => [
    String(i + 1),
    String(r.front),
    r.id + (r.stale ? " (stale)" : ""),
    r.objectives.success.toFixed(3),
    r.objectives.latencyP50.toFixed(1),
    r.objectives.latencyP95.toFixed(1),
    r.objectives.cost.toFixed(4),
    r.objectives.trust.toFixed(2),
    r.objectives.relevance === undefined ? "-" : r.objectives.relevance.toFixed(2),
    String(r.objectives.observations),
  ]);
  return [header, ...rows].map((cols) => cols.map((c, i) => cell(c, widths[i])).join(" ").trimEnd());
}

/** `mcpfed rank`: refresh from the peers, print the ranking; exit code 1 when no peer answered. */
export async function rankCommand(
  peers: readonly PeerConfig[],
  opts: { query?: string; limit: number; json?: boolean },
  print: (line: string) => void,
): Promise<number> {
  if (peers.length === 0) {
    print("no peers: give --peer URL (repeatable) or set MCP_FEDERATION_NODES");
    return 2;
  }
  const engine = new FederatedEngine({ peers: [...peers] });
  try {
    const result = await engine.refresh();
    const ranked = engine.rank({ query: opts.query, limit: opts.limit });
    if (opts.json) print(JSON.stringify(ranked, null, 2));
    else {
      for (const line of formatRanking(ranked)) print(line);
      for (const e of result.errors) print(`! ${e.url}: ${e.error}`);
    }
    return result.errors.length === peers.length ? 1 : 0;
  } finally {
    await engine.close();
  }
}

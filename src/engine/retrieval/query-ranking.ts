/**
 * Ranking for a query: the search index picks and scores the candidates, then
 * orderByRelevance sorts them (relevance bands first, quality fronts inside a band). Works on
 * the hits only, so a query costs the same at 500 tools as at 100 000.
 */
import type { Objectives } from "../objectives";
import { toMinimisation } from "../objectives";
import type { RankedTool, RankOptions, RegistryEntry } from "../engine-types";
import { orderByRelevance } from "./relevance-order";

export interface QueryRankingDeps {
  /** The registry entry of an id (with `stale` as of now), undefined when it is gone. */
  entry(id: string): RegistryEntry | undefined;
  /** The entry's quality objectives (without relevance). */
  objectives(entry: RegistryEntry): Objectives;
}

/** Ranks the hits of a query (id → relevance), filtered by tag and capability. */
export function rankHits(hits: ReadonlyMap<string, number>, options: RankOptions, limit: number, deps: QueryRankingDeps): RankedTool[] {
  const entries: RegistryEntry[] = [];
  const relevance: number[] = [];
  for (const [id, rel] of hits) {
    const e = deps.entry(id);
    if (!e || (options.localOnly && e.host !== null)) continue;
    if (options.tag !== undefined && !e.tags.includes(options.tag)) continue;
    if (options.capability !== undefined && !e.capabilities.includes(options.capability)) continue;
    entries.push(e);
    relevance.push(rel);
  }
  if (entries.length === 0) return [];
  // relevance is renormalised over what the filters kept, so the best remaining hit is 1
  const best = relevance.reduce((m, r) => Math.max(m, r), 0);
  const objectives = entries.map((e, i) => ({ ...deps.objectives(e), relevance: relevance[i] / best }));
  const quality = objectives.map((o) => toMinimisation({ ...o, relevance: undefined }));
  const { order, front, crowding } = orderByRelevance(
    objectives.map((o) => o.relevance),
    quality,
    entries.map((e) => e.id),
  );
  return order.slice(0, limit).map((i) => ({ ...entries[i], front: front[i], crowding: crowding[i], objectives: objectives[i] }));
}

/**
 * Orders query hits: relevance first, quality second. Hits are cut into bands of similar
 * relevance (each band holds the hits within BAND_WIDTH of its best one); inside a band, the
 * Pareto front over the quality objectives (success, latency, cost, trust) decides, then
 * relevance (crowding distance is reported, not used: among equal unobserved tools it would
 * shuffle them). A fast, reliable tool therefore moves ahead of an equally relevant
 * one, but never ahead of a clearly more relevant one. See docs/adr/0017-relevance-bands.md.
 */
import { crowdingDistance, nonDominatedSort, type Point } from "../pareto";

/** Relative width of a relevance band: hits within 10% of the band's best are "similar". */
export const BAND_WIDTH = 0.1;

export interface RelevanceOrder {
  /** Candidate positions, in result order. */
  order: number[];
  /** Each candidate's quality front among the hits (0 = non-dominated). */
  front: number[];
  /** Each candidate's crowding distance within its front. */
  crowding: number[];
}

/**
 * @param relevance each candidate's relevance in (0, 1]
 * @param quality each candidate's quality objectives as a minimisation vector (no relevance)
 * @param ids tie-breaker, so the order is deterministic
 */
export function orderByRelevance(relevance: readonly number[], quality: readonly Point[], ids: readonly string[], bandWidth = BAND_WIDTH): RelevanceOrder {
  const n = relevance.length;
  const front = new Array<number>(n).fill(0);
  const crowding = new Array<number>(n).fill(0);
  nonDominatedSort(quality).forEach((members, k) => {
    const c = crowdingDistance(quality, members);
    members.forEach((idx, pos) => {
      front[idx] = k;
      crowding[idx] = c[pos];
    });
  });
  const byRelevance = Array.from({ length: n }, (_, i) => i).sort((a, b) => relevance[b] - relevance[a] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const band = new Array<number>(n).fill(0);
  let head = Infinity;
  let current = -1;
  for (const i of byRelevance) {
    if (relevance[i] < head * (1 - bandWidth)) {
      head = relevance[i];
      current++;
    }
    band[i] = current;
  }
  const order = byRelevance.slice().sort(
    (a, b) =>
      band[a] - band[b] ||
      front[a] - front[b] ||
      relevance[b] - relevance[a] ||
      (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0),
  );
  return { order, front, crowding };
}

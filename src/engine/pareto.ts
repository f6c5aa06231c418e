/**
 * Pareto ranking for minimisation problems: non-dominated sorting into fronts and crowding
 * distance within a front.
 *
 * The sort is ENS-BS (efficient non-dominated sort with binary search over fronts): points are
 * visited in lexicographic order, so no later point can dominate an earlier one, and each point
 * goes to the first front none of whose members dominates it. "Is p dominated by some member
 * of front F?" is answered by a bucketed k-d tree per front whose nodes keep the lower corner
 * of their subtree: a subtree is skipped as soon as its corner exceeds p in some objective.
 * That keeps the anti-correlated case (one huge first front) far from the O(M·N²) of pairwise
 * comparison. Fronts can also be peeled lazily, one at a time, when only the top `limit` points
 * are needed.
 */

import { DominanceTree } from "./dominance-tree";
import { RankTree } from "./rank-tree";
import { flatten, lexicographicOrder } from "./lexicographic-order";
import { firstFrontMask } from "./skyline";
import { hugeFirstFront, looksLikeHugeFront } from "./huge-front";

export type Point = ArrayLike<number>;

/** true when a is no worse than b in every objective and better in at least one. */
export function dominates(a: Point, b: Point): boolean {
  let better = false;
  for (let j = 0; j < a.length; j++) {
    if (a[j] > b[j]) return false;
    if (a[j] < b[j]) better = true;
  }
  return better;
}

/**
 * Every front: `fronts[k]` holds the indices of the points in front k (0 is non-dominated),
 * each front in lexicographic order of its points.
 */
export function nonDominatedSort(points: readonly Point[]): number[][] {
  if (points.length === 0) return [];
  const { coords, dims } = flatten(points);
  const order = lexicographicOrder(coords, dims, points.length);
  return frontsByRank(coords, dims, order, Infinity);
}

/**
 * The best fronts, stopping once `limit` points are covered. Small fronts are peeled one at a
 * time (one pass over the remaining points each, testing against a dynamic tree of the front's
 * staircase): with a small limit only the first front or two are ever computed. When a front
 * grows past PEEL_FRONT_LIMIT (anti-correlated data: one huge first front), the staircase tree
 * gets slow and ranks are computed instead, capped (a point is only told apart as "in the
 * first `cap` fronts" or "later", so each search stops at the first dominator of rank cap-1);
 * the cap grows until the fronts below it hold `limit` points or every front is known. Before
 * that, the first front alone is computed by a static k-d tree over every point (no ranks, no
 * order to respect: see skyline.ts), which answers when it covers the limit. From 50 000
 * points, a sample that lies mostly on its own first front sends the query that way at once
 * (huge-front.ts).
 */
export function topFronts(points: readonly Point[], limit: number): number[][] {
  if (points.length === 0 || limit <= 0) return [];
  let { coords, dims } = flatten(points);
  if (looksLikeHugeFront(coords, dims, points.length)) {
    const front = hugeFirstFront(coords, dims, points.length, limit);
    if (front) return [front];
    // the skyline tree rearranged the coordinates: the usual way needs them in index order
    ({ coords, dims } = flatten(points));
  }
  const order = lexicographicOrder(coords, dims, points.length);
  const peeled = peelFronts(coords, dims, order, limit);
  if (peeled) return peeled;
  // a huge first front (anti-correlated data): found without ranks, by a static tree over all
  // points (src/engine/skyline.ts); it alone usually covers the limit
  const first = firstFrontMask(coords, dims, points.length);
  if (first.count >= limit) return [order.filter((i) => first.mask[i] === 1)];
  for (let cap = 4; ; cap *= 4) {
    const fronts = frontsByRank(coords, dims, order, cap);
    const out: number[][] = [];
    let covered = 0;
    for (let r = 0; r < fronts.length && r < cap && covered < limit; r++) {
      out.push(fronts[r]);
      covered += fronts[r].length;
    }
    if (covered >= limit || fronts.length <= cap) return out;
  }
}

/** Past this many members a front is computed from ranks rather than peeled. */
const PEEL_FRONT_LIMIT = 4096;

/** Peels fronts until `limit` points are covered; undefined when a front is too big to peel. */
function peelFronts(coords: Float64Array, dims: number, order: readonly number[], limit: number): number[][] | undefined {
  let remaining = order;
  const fronts: number[][] = [];
  let covered = 0;
  while (remaining.length > 0 && covered < limit) {
    const tree = new DominanceTree(coords, dims);
    const front: number[] = [];
    const rest: number[] = [];
    for (const i of remaining) {
      if (tree.dominated(i)) rest.push(i);
      else {
        if (front.length >= PEEL_FRONT_LIMIT) return undefined;
        front.push(i);
        tree.removeCovered(i);
        tree.insert(i);
      }
    }
    fronts.push(front);
    covered += front.length;
    remaining = rest;
  }
  return fronts;
}

/**
 * Rank of each point = 1 + the highest rank among the points dominating it (0 when none).
 * Visited in lexicographic order, every dominator of p comes before p, and every earlier point
 * no worse than p in objectives 1.. dominates it unless it is an exact duplicate (duplicates
 * are adjacent in that order and share the rank). Ranks at or above `cap` are all reported as
 * `cap` (one extra, unfinished front).
 */
function frontsByRank(coords: Float64Array, dims: number, order: readonly number[], cap: number): number[][] {
  const tree = new RankTree(coords, dims, order.length);
  const fronts: number[][] = [];
  let previous = -1;
  for (const i of order) {
    let r: number;
    if (previous >= 0 && sameRow(coords, dims, previous, i)) r = tree.rank[previous];
    // no answer can beat the highest rank given so far: stop the search there too
    else r = Math.min(cap, tree.highestBelow(i, Math.min(cap - 1, tree.highestRank())) + 1);
    tree.switchOn(i, r);
    while (fronts.length <= r) fronts.push([]);
    fronts[r].push(i);
    previous = i;
  }
  return fronts;
}

function sameRow(coords: Float64Array, dims: number, a: number, b: number): boolean {
  for (let j = 0; j < dims; j++) if (coords[a * dims + j] !== coords[b * dims + j]) return false;
  return true;
}

/**
 * NSGA-II crowding distance of each member of one front (same order as `front`): boundary
 * points get Infinity; others the sum over objectives of the normalised gap between neighbours.
 */
export function crowdingDistance(points: readonly Point[], front: readonly number[]): number[] {
  const n = front.length;
  const distance = new Array<number>(n).fill(0);
  if (n <= 2) return distance.fill(Infinity);
  const dims = points[front[0]].length;
  const positions = front.map((_, k) => k);
  for (let j = 0; j < dims; j++) {
    positions.sort((a, b) => points[front[a]][j] - points[front[b]][j] || front[a] - front[b]);
    const min = points[front[positions[0]]][j];
    const max = points[front[positions[n - 1]]][j];
    distance[positions[0]] = Infinity;
    distance[positions[n - 1]] = Infinity;
    const range = max - min;
    if (range === 0) continue;
    for (let k = 1; k < n - 1; k++) {
      const gap = points[front[positions[k + 1]]][j] - points[front[positions[k - 1]]][j];
      distance[positions[k]] += gap / range;
    }
  }
  return distance;
}

/** The O(M·N²) textbook sort (Deb's fast non-dominated sort), kept as the benchmark baseline. */
export function naiveNonDominatedSort(points: readonly Point[]): number[][] {
  const n = points.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominatesList: number[][] = points.map(() => []);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      if (dominates(points[a], points[b])) {
        dominatesList[a].push(b);
        dominatedBy[b]++;
      } else if (dominates(points[b], points[a])) {
        dominatesList[b].push(a);
        dominatedBy[a]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = points.map((_, i) => i).filter((i) => dominatedBy[i] === 0);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const a of current) {
      for (const b of dominatesList[a]) if (--dominatedBy[b] === 0) next.push(b);
    }
    current = next;
  }
  return fronts;
}

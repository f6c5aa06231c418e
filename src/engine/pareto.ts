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

const BUCKET = 32;

/** true when point a dominates point b, both rows of the flat coordinate array. */
function dominatesAt(coords: Float64Array, dims: number, a: number, b: number): boolean {
  const oa = a * dims;
  const ob = b * dims;
  let better = false;
  for (let j = 0; j < dims; j++) {
    const x = coords[oa + j];
    const y = coords[ob + j];
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

interface KdNode {
  /** Lower corner (per-objective minimum) of every point below this node. */
  min: Float64Array;
  /** Upper corner (per-objective maximum): when p is above it everywhere, the subtree dominates p. */
  max: Float64Array;
  /** Points below this node. */
  count: number;
  /** Leaf contents (point indices), or undefined for an inner node. */
  items: number[] | undefined;
  axis: number;
  split: number;
  low: KdNode | undefined;
  high: KdNode | undefined;
}

/**
 * A dynamic k-d tree over one front answering "does any stored point dominate p?".
 * Objective 0 is never used for splitting or pruning: points arrive sorted by it, so it
 * neither prunes nor balances.
 */
class DominanceTree {
  private readonly root: KdNode;
  /** Reused traversal stack (a query allocates nothing). */
  private stack: KdNode[] = new Array<KdNode>(64);

  constructor(
    private readonly coords: Float64Array,
    private readonly dims: number,
  ) {
    this.root = this.leaf();
  }

  private leaf(): KdNode {
    return {
      min: new Float64Array(this.dims).fill(Infinity),
      max: new Float64Array(this.dims).fill(-Infinity),
      count: 0,
      items: [],
      axis: 0,
      split: 0,
      low: undefined,
      high: undefined,
    };
  }

  insert(index: number): void {
    const { coords, dims } = this;
    const o = index * dims;
    let node = this.root;
    for (;;) {
      const { min, max } = node;
      for (let j = 1; j < dims; j++) {
        const v = coords[o + j];
        if (v < min[j]) min[j] = v;
        if (v > max[j]) max[j] = v;
      }
      node.count++;
      if (node.items) break;
      node = coords[o + node.axis] < node.split ? node.low! : node.high!;
    }
    node.items!.push(index);
    if (node.items!.length > BUCKET) this.splitLeaf(node);
  }

  private splitLeaf(node: KdNode): void {
    const { coords, dims } = this;
    const items = node.items!;
    let bestAxis = 1;
    let bestSpread = -1;
    for (let j = 1; j < dims; j++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const i of items) {
        const v = coords[i * dims + j];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > bestSpread) {
        bestSpread = hi - lo;
        bestAxis = j;
      }
    }
    if (bestSpread <= 0) return; // identical in every usable objective: keep the bucket
    const values = items.map((i) => coords[i * dims + bestAxis]).sort((a, b) => a - b);
    let split = values[values.length >> 1];
    if (split === values[0]) split = values.find((v) => v > values[0])!;
    const low = this.leaf();
    const high = this.leaf();
    for (const i of items) {
      const target = coords[i * dims + bestAxis] < split ? low : high;
      target.items!.push(i);
      target.count++;
      for (let j = 1; j < dims; j++) {
        const v = coords[i * dims + j];
        if (v < target.min[j]) target.min[j] = v;
        if (v > target.max[j]) target.max[j] = v;
      }
    }
    node.items = undefined;
    node.axis = bestAxis;
    node.split = split;
    node.low = low;
    node.high = high;
  }

  /**
   * Drops the stored points that point b (about to join this front) makes redundant for
   * later queries: those no better than b in objectives 1.. . Any later point they dominate,
   * b dominates too (b is no worse in objective 0 than a later point), so the tree keeps only
   * the front's staircase and queries stay small. Bounds (min, max) may go stale: they only
   * widen, which keeps pruning correct; counts stay exact, which `covers` relies on.
   */
  removeCovered(b: number): void {
    this.removeBelow(this.root, b);
  }

  private removeBelow(node: KdNode, b: number): number {
    const { coords, dims } = this;
    const o = b * dims;
    if (node.count === 0) return 0;
    for (let j = 1; j < dims; j++) if (node.max[j] < coords[o + j]) return 0;
    let removed = 0;
    if (node.items) {
      const keep: number[] = [];
      for (const i of node.items) {
        let covered = true;
        for (let j = 1; j < dims; j++) {
          if (coords[i * dims + j] < coords[o + j]) {
            covered = false;
            break;
          }
        }
        if (covered) removed++;
        else keep.push(i);
      }
      if (removed > 0) node.items = keep;
    } else {
      removed = this.removeBelow(node.low!, b) + this.removeBelow(node.high!, b);
    }
    node.count -= removed;
    return removed;
  }

  /** Does some stored point dominate point p? */
  dominated(p: number): boolean {
    const { coords, dims } = this;
    const o = p * dims;
    let stack = this.stack;
    let top = 0;
    stack[top++] = this.root;
    while (top > 0) {
      const node = stack[--top];
      const { min, max } = node;
      let reachable = true;
      let covers = node.count > 0;
      let strict = false;
      for (let j = 1; j < dims; j++) {
        const v = coords[o + j];
        if (min[j] > v) {
          reachable = false;
          break;
        }
        if (max[j] > v) covers = false;
        else if (max[j] < v) strict = true;
      }
      if (!reachable) continue;
      // every point below is no worse than p in objectives 1.. and, coming earlier in
      // lexicographic order, in objective 0; one strictly better objective makes it dominate
      if (covers && strict) return true;
      if (node.items) {
        for (const i of node.items) if (dominatesAt(coords, dims, i, p)) return true;
      } else {
        if (top + 2 > stack.length) stack = this.stack = stack.concat(new Array<KdNode>(stack.length));
        // points in `low` are smaller on the split axis: likelier to dominate, so visit first
        stack[top++] = node.high!;
        stack[top++] = node.low!;
      }
    }
    return false;
  }
}

function flatten(points: readonly Point[]): { coords: Float64Array; dims: number } {
  const dims = points.length > 0 ? points[0].length : 0;
  const coords = new Float64Array(points.length * dims);
  points.forEach((p, i) => {
    for (let j = 0; j < dims; j++) coords[i * dims + j] = p[j];
  });
  return { coords, dims };
}

/**
 * Indices of the points in lexicographic order of their objectives (ties by index): an LSD radix
 * sort on objective 0 (16-bit digits of its order-preserving bit pattern), then runs of equal
 * objective 0 sorted by the remaining objectives. A comparator sort of a million indices took
 * most of a top-50 query.
 */
function lexicographicOrder(coords: Float64Array, dims: number, n: number): number[] {
  const order = radixOrder(coords, dims, n);
  const compareRest = (a: number, b: number) => {
    for (let j = 1; j < dims; j++) {
      const d = coords[a * dims + j] - coords[b * dims + j];
      if (d !== 0) return d;
    }
    return a - b;
  };
  const out = Array.from(order);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && coords[out[end] * dims] === coords[out[start] * dims]) end++;
    if (end - start > 1) {
      const run = out.slice(start, end).sort(compareRest);
      for (let k = 0; k < run.length; k++) out[start + k] = run[k];
    }
    start = end;
  }
  return out;
}

/** Indices sorted by objective 0 (stable, so ties keep index order). */
function radixOrder(coords: Float64Array, dims: number, n: number): Uint32Array {
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    // -0 and 0 compare equal: one key for both; then flip so unsigned order is numeric order
    bits[0] = coords[i * dims] + 0;
    const negative = (words[1] & 0x80000000) !== 0;
    lo[i] = negative ? ~words[0] >>> 0 : words[0];
    hi[i] = negative ? ~words[1] >>> 0 : (words[1] | 0x80000000) >>> 0;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const counts = new Uint32Array(65537);
  for (const [word, shift] of [[lo, 0], [lo, 16], [hi, 0], [hi, 16]] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((word[i] >>> shift) & 0xffff) + 1]++;
    for (let d = 0; d < 65536; d++) counts[d + 1] += counts[d];
    for (let i = 0; i < n; i++) {
      const idx = order[i];
      next[counts[(word[idx] >>> shift) & 0xffff]++] = idx;
    }
    [order, next] = [next, order];
  }
  return order;
}

/**
 * Every front: `fronts[k]` holds the indices of the points in front k (0 is non-dominated).
 */
export function nonDominatedSort(points: readonly Point[]): number[][] {
  if (points.length === 0) return [];
  const { coords, dims } = flatten(points);
  const order = lexicographicOrder(coords, dims, points.length);
  const trees: DominanceTree[] = [];
  const fronts: number[][] = [];
  for (const i of order) {
    // binary search for the first front that does not dominate p
    let lo = 0;
    let hi = fronts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (trees[mid].dominated(i)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === fronts.length) {
      fronts.push([]);
      trees.push(new DominanceTree(coords, dims));
    }
    fronts[lo].push(i);
    trees[lo].removeCovered(i);
    trees[lo].insert(i);
  }
  return fronts;
}

/**
 * Peels fronts one at a time from the best, stopping once `limit` points are covered.
 * Each peel is one pass over the remaining points; with a small limit only the first
 * front or two are ever computed.
 */
export function topFronts(points: readonly Point[], limit: number): number[][] {
  if (points.length === 0 || limit <= 0) return [];
  const { coords, dims } = flatten(points);
  let remaining = lexicographicOrder(coords, dims, points.length);
  const fronts: number[][] = [];
  let covered = 0;
  while (remaining.length > 0 && covered < limit) {
    const tree = new DominanceTree(coords, dims);
    const front: number[] = [];
    const rest: number[] = [];
    for (const i of remaining) {
      if (tree.dominated(i)) rest.push(i);
      else {
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

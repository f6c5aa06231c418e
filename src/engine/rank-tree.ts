/**
 * The structure behind the Pareto sort: a static, balanced k-d tree over objectives 1.. of
 * every point, built once, in which points are switched on one by one (in lexicographic order)
 * with their front rank. Each node keeps the bounding box of its switched-on points and the highest
 * rank switched on below it, so "the highest rank among switched-on points no worse than p in
 * objectives 1.." is a branch-and-bound search: a subtree is skipped when its box lies beyond p
 * in some objective or its highest rank cannot beat the best found so far, and is answered
 * whole when its box lies entirely below p. Everything lives in typed arrays.
 */

import { selectRows } from "./row-select";

const LEAF_SIZE = 16;

export class RankTree {
  /** Point indices, grouped so each node owns the contiguous slice [start, end). */
  private readonly perm: Uint32Array;
  /** Objectives 1.. of perm[t] at row t: the tree's own copy, so scans read memory in order. */
  private readonly local: Float64Array;
  /** Rank of perm[t] at t (-1 until switched on), and each point's position t. */
  private readonly rankAt: Int32Array;
  private readonly posOf: Uint32Array;
  private readonly start: Uint32Array;
  private readonly end: Uint32Array;
  private readonly low: Int32Array;
  private readonly high: Int32Array;
  private readonly parent: Int32Array;
  /** Per node and objective 1..: corners of the box of its switched-on points (k = dims - 1 values per node). */
  private readonly boxMin: Float64Array;
  private readonly boxMax: Float64Array;
  /** Highest rank switched on below each node, -1 when none. */
  private readonly maxRank: Int32Array;
  /** Rank of each point, -1 until switched on. */
  readonly rank: Int32Array;
  private readonly leafOf: Uint32Array;
  private readonly k: number;
  private nodes = 0;
  private stack = new Int32Array(256);

  constructor(
    coords: Float64Array,
    dims: number,
    n: number,
  ) {
    this.k = Math.max(0, dims - 1);
    const capacity = Math.max(1, 2 * Math.ceil(n / (LEAF_SIZE / 2)) + 1);
    this.perm = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.perm[i] = i;
    const k = this.k;
    this.local = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) this.local[i * k + j] = coords[i * dims + 1 + j];
    this.rankAt = new Int32Array(n).fill(-1);
    this.posOf = new Uint32Array(n);
    this.start = new Uint32Array(capacity);
    this.end = new Uint32Array(capacity);
    this.low = new Int32Array(capacity).fill(-1);
    this.high = new Int32Array(capacity).fill(-1);
    this.parent = new Int32Array(capacity).fill(-1);
    this.boxMin = new Float64Array(capacity * this.k);
    this.boxMax = new Float64Array(capacity * this.k);
    this.maxRank = new Int32Array(capacity).fill(-1);
    this.rank = new Int32Array(n).fill(-1);
    this.leafOf = new Uint32Array(n);
    this.build(0, n, -1);
    for (let t = 0; t < n; t++) this.posOf[this.perm[t]] = t;
    // from here on the boxes bound the switched-on points only: tighter, so more subtrees are
    // skipped or answered whole
    this.boxMin.fill(Infinity);
    this.boxMax.fill(-Infinity);
  }

  /** Builds the subtree over perm[from, to) iteratively (no deep recursion on big inputs). */
  private build(from: number, to: number, parentNode: number): void {
    const work: number[] = [from, to, parentNode, 0];
    while (work.length > 0) {
      const isHigh = work.pop()!;
      const up = work.pop()!;
      const b = work.pop()!;
      const a = work.pop()!;
      const node = this.nodes++;
      this.start[node] = a;
      this.end[node] = b;
      this.parent[node] = up;
      if (up >= 0) {
        if (isHigh) this.high[up] = node;
        else this.low[up] = node;
      }
      const axis = this.computeBox(node, a, b);
      if (b - a <= LEAF_SIZE || axis < 0) {
        for (let t = a; t < b; t++) this.leafOf[this.perm[t]] = node;
        continue;
      }
      const mid = (a + b) >> 1;
      selectRows(this.local, this.perm, this.k, a, b, mid, axis);
      work.push(a, mid, node, 0, mid, b, node, 1);
    }
  }

  /** Fills the node's box; returns the objective offset (0-based in 1..) of widest spread, -1 if flat. */
  private computeBox(node: number, a: number, b: number): number {
    const { local, k } = this;
    const o = node * k;
    for (let j = 0; j < k; j++) {
      this.boxMin[o + j] = Infinity;
      this.boxMax[o + j] = -Infinity;
    }
    for (let t = a; t < b; t++) {
      const p = t * k;
      for (let j = 0; j < k; j++) {
        const v = local[p + j];
        if (v < this.boxMin[o + j]) this.boxMin[o + j] = v;
        if (v > this.boxMax[o + j]) this.boxMax[o + j] = v;
      }
    }
    let axis = -1;
    let spread = 0;
    for (let j = 0; j < k; j++) {
      const s = this.boxMax[o + j] - this.boxMin[o + j];
      if (s > spread) {
        spread = s;
        axis = j;
      }
    }
    return axis;
  }

  /** The highest rank switched on so far (-1 when none). */
  highestRank(): number {
    return this.maxRank[0];
  }

  /** Switches point p on with rank r. */
  switchOn(p: number, r: number): void {
    const { local, k, boxMin, boxMax, maxRank } = this;
    this.rank[p] = r;
    const pos = this.posOf[p];
    this.rankAt[pos] = r;
    const o = pos * k;
    // a node whose rank and box stay as they were leaves its ancestors (which contain it) as
    // they were too: stop there
    for (let node = this.leafOf[p] as number; node >= 0; node = this.parent[node]) {
      let changed = false;
      if (maxRank[node] < r) {
        maxRank[node] = r;
        changed = true;
      }
      const b = node * k;
      for (let j = 0; j < k; j++) {
        const v = local[o + j];
        if (v < boxMin[b + j]) {
          boxMin[b + j] = v;
          changed = true;
        }
        if (v > boxMax[b + j]) {
          boxMax[b + j] = v;
          changed = true;
        }
      }
      if (!changed) break;
    }
  }

  /**
   * Highest rank among switched-on points no worse than p in every objective 1.., or -1.
   * The search stops early once the answer reaches `enough` (callers that only need to know
   * whether the rank is at least some value pass it; Infinity otherwise).
   */
  highestBelow(p: number, enough: number): number {
    const { local, k, boxMin, boxMax, maxRank, rankAt } = this;
    const o = this.posOf[p] * k;
    let stack = this.stack;
    let top = 0;
    let best = -1;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      if (maxRank[node] <= best) continue;
      const b = node * k;
      let covered = true;
      let reachable = true;
      for (let j = 0; j < k; j++) {
        const v = local[o + j];
        if (boxMin[b + j] > v) {
          reachable = false;
          break;
        }
        if (boxMax[b + j] > v) covered = false;
      }
      if (!reachable) continue;
      if (covered) {
        best = maxRank[node];
        if (best >= enough) return best;
        continue;
      }
      const lowChild = this.low[node];
      if (lowChild < 0) {
        for (let t = this.start[node]; t < this.end[node]; t++) {
          if (rankAt[t] <= best) continue;
          const oq = t * k;
          let below = true;
          for (let j = 0; j < k; j++) {
            if (local[oq + j] > local[o + j]) {
              below = false;
              break;
            }
          }
          if (below) best = rankAt[t];
        }
        if (best >= enough) return best;
        continue;
      }
      const highChild = this.high[node];
      if (top + 2 > stack.length) {
        const grown = new Int32Array(stack.length * 2);
        grown.set(stack);
        stack = this.stack = grown;
      }
      // the child with the higher rank first: a good bound early prunes the other; on a tie
      // the low child, likelier to hold points below p
      if (maxRank[lowChild] >= maxRank[highChild]) {
        stack[top++] = highChild;
        stack[top++] = lowChild;
      } else {
        stack[top++] = lowChild;
        stack[top++] = highChild;
      }
    }
    return best;
  }
}

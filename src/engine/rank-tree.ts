/**
 * The structure behind the Pareto sort: a static, balanced k-d tree over objectives 1.. of
 * every point, built once, in which points are switched on one by one (in lexicographic order)
 * with their front rank. Each node keeps the bounding box of its switched-on points and the highest
 * rank switched on below it, so "the highest rank among switched-on points no worse than p in
 * objectives 1.." is a branch-and-bound search: a subtree is skipped when its box lies beyond p
 * in some objective or its highest rank cannot beat the best found so far, and is answered
 * whole when its box lies entirely below p. Everything lives in typed arrays.
 *
 * Layout (see docs/adr/0045-pareto-flat-rank-tree.md): a search touches a few hundred nodes
 * of a tree far bigger than the CPU caches, so each node is one record of `nodeData`
 * (highest rank, then box minimum, then box maximum: 2k + 1 numbers) read from one or two
 * cache lines, the two children of a node are adjacent (one child index a node), and each
 * leaf row keeps its rank beside its coordinates (`rows`, k + 1 numbers a row). Node records
 * are single precision, boxes rounded outwards (minimum down, maximum up): a box then still
 * contains its points, so a subtree is only skipped or answered whole when the exact box
 * would be too; a point's own test against a leaf row reads the exact coordinates.
 */

import { roundDown, roundUp } from "./single-precision";
import { buildSplitTree } from "./split-tree";

export class RankTree {
  /** Per row t: the rank of the point there (-1 until switched on), then its objectives 1... */
  private readonly rows: Float64Array;
  /** Each point's row. */
  private readonly posOf: Uint32Array;
  private readonly start: Uint32Array;
  private readonly end: Uint32Array;
  /** First of the node's two children (the second is child + 1), or -1 for a leaf. */
  private readonly child: Int32Array;
  private readonly parent: Int32Array;
  /** Per node: highest rank switched on below it (-1 when none), box minimum, box maximum. */
  private readonly nodeData: Float32Array | Float64Array;
  /** Rank of each point, -1 until switched on. */
  readonly rank: Int32Array;
  private readonly leafOf: Uint32Array;
  private readonly k: number;
  private stack: Int32Array;

  constructor(coords: Float64Array, dims: number, n: number) {
    const k = (this.k = Math.max(0, dims - 1));
    const w = k + 1;
    // rows are built in place: the rank column (all -1 until switched on) has no spread, so
    // the tree never splits on it
    const rows = (this.rows = new Float64Array(n * w));
    for (let i = 0; i < n; i++) {
      rows[i * w] = -1;
      for (let j = 0; j < k; j++) rows[i * w + 1 + j] = coords[i * dims + 1 + j];
    }
    const tree = buildSplitTree(rows, w, n);
    this.start = tree.start;
    this.end = tree.end;
    this.child = tree.child;
    this.parent = tree.parent;
    this.stack = new Int32Array(tree.depth + 2);
    this.posOf = new Uint32Array(n);
    for (let t = 0; t < n; t++) this.posOf[tree.perm[t]] = t;
    this.leafOf = new Uint32Array(n);
    for (let node = 0; node < tree.nodes; node++) {
      if (this.child[node] >= 0) continue;
      for (let t = this.start[node]; t < this.end[node]; t++) this.leafOf[tree.perm[t]] = node;
    }
    // the boxes bound the switched-on points only (none yet): tighter than boxes of every
    // point, so more subtrees are skipped or answered whole
    const s = 2 * k + 1;
    // single precision halves the bytes a search reads; ranks (below n) stay exact below 2^24
    this.nodeData = n < SINGLE_PRECISION_UP_TO ? new Float32Array(tree.nodes * s) : new Float64Array(tree.nodes * s);
    for (let node = 0; node < tree.nodes; node++) {
      this.nodeData[node * s] = -1;
      this.nodeData.fill(Infinity, node * s + 1, node * s + 1 + k);
      this.nodeData.fill(-Infinity, node * s + 1 + k, node * s + s);
    }
    this.rank = new Int32Array(n).fill(-1);
  }

  /** The highest rank switched on so far (-1 when none). */
  highestRank(): number {
    return this.nodeData[0];
  }

  /** Switches point p on with rank r. */
  switchOn(p: number, r: number): void {
    const { rows, k, nodeData, parent } = this;
    const s = 2 * k + 1;
    this.rank[p] = r;
    const o = this.posOf[p] * (k + 1);
    rows[o] = r;
    // a node whose rank and box stay as they were leaves its ancestors (which contain it) as
    // they were too: stop there
    for (let node = this.leafOf[p] as number; node >= 0; node = parent[node]) {
      let changed = false;
      const b = node * s;
      if (nodeData[b] < r) {
        nodeData[b] = r;
        changed = true;
      }
      for (let j = 1; j <= k; j++) {
        const v = rows[o + j];
        if (v < nodeData[b + j]) {
          nodeData[b + j] = roundDown(v);
          changed = true;
        }
        if (v > nodeData[b + k + j]) {
          nodeData[b + k + j] = roundUp(v);
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
    const { rows, k, nodeData, child, stack } = this;
    const s = 2 * k + 1;
    const w = k + 1;
    const o = this.posOf[p] * w;
    let top = 0;
    let best = -1;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const b = node * s;
      const nodeRank = nodeData[b];
      if (nodeRank <= best) continue;
      let covered = true;
      let reachable = true;
      for (let j = 1; j <= k; j++) {
        const v = rows[o + j];
        if (nodeData[b + j] > v) {
          reachable = false;
          break;
        }
        if (nodeData[b + k + j] > v) covered = false;
      }
      if (!reachable) continue;
      if (covered) {
        best = nodeRank;
        if (best >= enough) return best;
        continue;
      }
      const low = child[node];
      if (low < 0) {
        for (let q = this.start[node] * w, last = this.end[node] * w; q < last; q += w) {
          const r = rows[q];
          if (r <= best) continue;
          let below = true;
          for (let j = 1; j <= k; j++) {
            if (rows[q + j] > rows[o + j]) {
              below = false;
              break;
            }
          }
          if (below) best = r;
        }
        if (best >= enough) return best;
        continue;
      }
      // the child with the higher rank first: a good bound early prunes the other; on a tie
      // the low child, likelier to hold points below p
      if (nodeData[low * s] >= nodeData[(low + 1) * s]) {
        stack[top++] = low + 1;
        stack[top++] = low;
      } else {
        stack[top++] = low;
        stack[top++] = low + 1;
      }
    }
    return best;
  }
}

/** Inputs this big keep double-precision node records (integers above 2^24 round in single precision). */
const SINGLE_PRECISION_UP_TO = 2 ** 24;

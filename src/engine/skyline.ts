/**
 * The first Pareto front (the skyline) of a flat coordinate array, for minimisation: a static,
 * balanced k-d tree over every objective of every point (static-kd-tree.ts), built once, then
 * "does any point dominate it?" for each point. Unlike the rank computation, no point has to
 * wait for its dominators: the whole set is in the tree from the start, so queries need no
 * lexicographic order, switch nothing on, and can be answered leaf by leaf (see markFront). On
 * anti-correlated data, where the first front is a large share of all points, this is what
 * keeps a top-k query fast. See docs/adr/0040-engine-skyline-first-front.md.
 */
import { StaticKdTree } from "./static-kd-tree";

/** How a node's box lies against a point: beyond it somewhere, wholly dominating it, or neither. */
const OUT_OF_REACH = 0;
const DOMINATES = 1;
const PARTLY = 2;

/** Past this many candidate leaves, a leaf's points are tested one by one (see markFront). */
const CANDIDATE_LIMIT = 256;

/**
 * The first front as a mask (mask[i] = 1 when no point dominates point i) and its size.
 * `candidateLimit` (tests set it to 0 to test every point on its own) bounds the batched test.
 */
export function firstFrontMask(coords: Float64Array, dims: number, n: number, candidateLimit = CANDIDATE_LIMIT): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(n);
  if (n === 0) return { mask, count: 0 };
  const count = new SkylineTree(coords, dims, n).markFront(mask, candidateLimit);
  return { mask, count };
}

/** Indices (ascending) of the points no other point dominates. */
export function firstFront(coords: Float64Array, dims: number, n: number, candidateLimit = CANDIDATE_LIMIT): Uint32Array {
  const { mask, count } = firstFrontMask(coords, dims, n, candidateLimit);
  const out = new Uint32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (mask[i] === 1) out[k++] = i;
  return out;
}

/** The static tree with the dominance queries of the skyline. */
class SkylineTree extends StaticKdTree {
  /** The depth-first walks' stack, big enough for the deepest walk (it pushes two children a level). */
  private readonly stack = new Int32Array(this.depth + 2);

  /**
   * Marks keep[i] = 1 for every point i no other point dominates; returns how many. One
   * dual walk of the tree against itself: each node carries the list of nodes, about its own
   * size, that could hold a dominator of one of its points (box lower corner no higher than its
   * upper corner), each child refines its parent's list, and a leaf tests its points against
   * the leaves of its list only. A node some listed node lies wholly below is dominated whole.
   * When a leaf's list would pass `candidateLimit` (small fronts: most leaves are dominated, but
   * by a node met late), its points are tested one by one with a walk from the root instead.
   */
  markFront(keep: Uint8Array, candidateLimit: number): number {
    this.keep = keep;
    this.kept = 0;
    this.limit = candidateLimit;
    this.pool = new Int32Array((this.depth + 2) * (candidateLimit + 1) + 1);
    this.pool[0] = 0;
    this.visit(0, 0, 1);
    return this.kept;
  }

  private keep: Uint8Array = new Uint8Array(0);
  private kept = 0;
  private limit = 0;
  /** The lists of the nodes on the current path, one after the other. */
  private pool = new Int32Array(0);

  /** Refines the list pool[from, to) for node q, then its children or, for a leaf, its points. */
  private visit(q: number, from: number, to: number): void {
    const { dims, boxMin, boxMax, child, start, end, pool, stack } = this;
    const qo = q * dims;
    const qLeaf = child[q] < 0;
    const qRows = end[q] - start[q];
    let next = to;
    let overflow = false;
    for (let e = from; e < to && !overflow; e++) {
      let top = 0;
      stack[top++] = pool[e];
      while (top > 0) {
        const r = stack[--top];
        const b = r * dims;
        const relation = dims === 4 ? boxesAgainst4(boxMin, boxMax, b, qo) : boxesAgainst(boxMin, boxMax, b, qo, dims);
        if (relation === OUT_OF_REACH) continue;
        // every point of r dominates every point of q
        if (relation === DOMINATES) return;
        const low = child[r];
        if (low >= 0 && (qLeaf || end[r] - start[r] > qRows)) {
          stack[top++] = low + 1;
          stack[top++] = low;
          continue;
        }
        if (next - to === this.limit) {
          overflow = true;
          break;
        }
        pool[next++] = r;
      }
    }
    if (overflow && !qLeaf) {
      // keep the parent's list as it is: the children refine it further
      next = to;
      for (let e = from; e < to; e++) pool[next++] = pool[e];
      overflow = false;
    }
    if (!qLeaf) {
      this.visit(child[q], to, next);
      this.visit(child[q] + 1, to, next);
      return;
    }
    for (let t = start[q]; t < end[q]; t++) {
      if (!(overflow ? this.dominated(t) : this.dominatedAmong(t, to, next))) {
        this.keep[this.perm[t]] = 1;
        this.kept++;
      }
    }
  }

  /** Does a point of one of the candidate leaves dominate the point at row t? */
  private dominatedAmong(t: number, from: number, to: number): boolean {
    if (this.dims === 4) return this.dominatedAmong4(t, from, to);
    const o = t * this.dims;
    const pool = this.pool;
    for (let c = from; c < to; c++) {
      const node = pool[c];
      const relation = this.boxAgainst(node, o);
      if (relation === DOMINATES) return true;
      if (relation === PARTLY && this.leafDominates(node, o)) return true;
    }
    return false;
  }

  /** Does some point dominate the point at row t? */
  dominated(t: number): boolean {
    const o = t * this.dims;
    const stack = this.stack;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const relation = this.boxAgainst(node, o);
      if (relation === DOMINATES) return true;
      if (relation === OUT_OF_REACH) continue;
      const low = this.child[node];
      if (low < 0) {
        if (this.leafDominates(node, o)) return true;
        continue;
      }
      // the low child (smaller on the split objective) first: likelier to hold a dominator
      stack[top++] = low + 1;
      stack[top++] = low;
    }
    return false;
  }

  /** How the node's box lies against the point at offset o of `local`. */
  private boxAgainst(node: number, o: number): number {
    const { local, dims, boxMin, boxMax } = this;
    const b = node * dims;
    let covered = true;
    let strict = false;
    for (let j = 0; j < dims; j++) {
      const v = local[o + j];
      if (boxMin[b + j] > v) return OUT_OF_REACH;
      if (boxMax[b + j] > v) covered = false;
      else if (boxMax[b + j] < v) strict = true;
    }
    // every point below is no worse than p everywhere and strictly better somewhere
    return covered && strict ? DOMINATES : PARTLY;
  }

  /** Does a point of the leaf dominate the point at offset o of `local`? */
  private leafDominates(node: number, o: number): boolean {
    const { local, dims } = this;
    if (dims === 4) return this.leafDominates4(node, o);
    for (let r = this.start[node]; r < this.end[node]; r++) {
      const q = r * dims;
      let better = false;
      let worse = false;
      for (let j = 0; j < dims; j++) {
        const x = local[q + j];
        const y = local[o + j];
        if (x > y) {
          worse = true;
          break;
        }
        if (x < y) better = true;
      }
      if (better && !worse) return true;
    }
    return false;
  }

  /**
   * leafDominates for four objectives: the "no worse anywhere" test without a branch per
   * objective (which objective fails first is unpredictable, and a mispredicted branch costs
   * more than the comparisons), the strictness test only for the rare rows that pass it.
   */
  private leafDominates4(node: number, o: number): boolean {
    const local = this.local;
    const y0 = local[o];
    const y1 = local[o + 1];
    const y2 = local[o + 2];
    const y3 = local[o + 3];
    const last = this.end[node] * 4;
    for (let q = this.start[node] * 4; q < last; q += 4) {
      const x0 = local[q];
      const x1 = local[q + 1];
      const x2 = local[q + 2];
      const x3 = local[q + 3];
      const noWorse = +!(x0 > y0) & +!(x1 > y1) & +!(x2 > y2) & +!(x3 > y3);
      if (noWorse !== 0 && (x0 < y0 || x1 < y1 || x2 < y2 || x3 < y3)) return true;
    }
    return false;
  }

  /** dominatedAmong for four objectives, the box tests branch-free as in leafDominates4. */
  private dominatedAmong4(t: number, from: number, to: number): boolean {
    const { local, pool, boxMin, boxMax } = this;
    const o = t * 4;
    const y0 = local[o];
    const y1 = local[o + 1];
    const y2 = local[o + 2];
    const y3 = local[o + 3];
    for (let c = from; c < to; c++) {
      const node = pool[c];
      const b = node * 4;
      const out = +(boxMin[b] > y0) | +(boxMin[b + 1] > y1) | +(boxMin[b + 2] > y2) | +(boxMin[b + 3] > y3);
      if (out !== 0) continue;
      const x0 = boxMax[b];
      const x1 = boxMax[b + 1];
      const x2 = boxMax[b + 2];
      const x3 = boxMax[b + 3];
      const covered = +!(x0 > y0) & +!(x1 > y1) & +!(x2 > y2) & +!(x3 > y3);
      if (covered !== 0 && (x0 < y0 || x1 < y1 || x2 < y2 || x3 < y3)) return true;
      if (this.leafDominates4(node, o)) return true;
    }
    return false;
  }
}

/** How box r (at offset b) lies against box q (at offset qo): as boxAgainst, r's corners against q's. */
function boxesAgainst(boxMin: Float64Array, boxMax: Float64Array, b: number, qo: number, dims: number): number {
  let covered = true;
  let strict = false;
  for (let j = 0; j < dims; j++) {
    if (boxMin[b + j] > boxMax[qo + j]) return OUT_OF_REACH;
    const m = boxMin[qo + j];
    if (boxMax[b + j] > m) covered = false;
    else if (boxMax[b + j] < m) strict = true;
  }
  return covered && strict ? DOMINATES : PARTLY;
}

/** boxesAgainst for four objectives, branch-free (see leafDominates4). */
function boxesAgainst4(boxMin: Float64Array, boxMax: Float64Array, b: number, qo: number): number {
  const out = +(boxMin[b] > boxMax[qo]) | +(boxMin[b + 1] > boxMax[qo + 1]) | +(boxMin[b + 2] > boxMax[qo + 2]) | +(boxMin[b + 3] > boxMax[qo + 3]);
  if (out !== 0) return OUT_OF_REACH;
  const x0 = boxMax[b];
  const x1 = boxMax[b + 1];
  const x2 = boxMax[b + 2];
  const x3 = boxMax[b + 3];
  const y0 = boxMin[qo];
  const y1 = boxMin[qo + 1];
  const y2 = boxMin[qo + 2];
  const y3 = boxMin[qo + 3];
  const covered = +!(x0 > y0) & +!(x1 > y1) & +!(x2 > y2) & +!(x3 > y3);
  return covered !== 0 && (x0 < y0 || x1 < y1 || x2 < y2 || x3 < y3) ? DOMINATES : PARTLY;
}

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
   * Marks keep[i] = 1 for every point i no other point dominates; returns how many. Leaf by
   * leaf: one walk of the tree per leaf collects the leaves that could hold a dominator of any
   * of its points (box lower corner no higher than the leaf's upper corner), then each point
   * is tested against those only, instead of walking the tree once per point. When a leaf
   * has more than `candidateLimit` candidates (small fronts: most leaves are dominated, but by
   * a node the walk meets late), its points are tested one by one instead.
   */
  markFront(keep: Uint8Array, candidateLimit: number): number {
    const { dims, boxMin, boxMax, child } = this;
    const candidates = new Int32Array(candidateLimit);
    let count = 0;
    for (let leaf = 0; leaf < this.nodes; leaf++) {
      if (child[leaf] >= 0) continue;
      const lo = leaf * dims;
      // the leaf's points are all dominated when some node lies entirely below its lower corner
      let found = 0;
      let allDominated = false;
      let onePerPoint = false;
      const stack = this.stack;
      let top = 0;
      stack[top++] = 0;
      while (top > 0) {
        const node = stack[--top];
        const b = node * dims;
        let reachable = true;
        let covered = true;
        let strict = false;
        for (let j = 0; j < dims; j++) {
          if (boxMin[b + j] > boxMax[lo + j]) {
            reachable = false;
            break;
          }
          const m = boxMin[lo + j];
          if (boxMax[b + j] > m) covered = false;
          else if (boxMax[b + j] < m) strict = true;
        }
        if (!reachable) continue;
        if (covered && strict) {
          allDominated = true;
          break;
        }
        const low = child[node];
        if (low < 0) {
          if (found === candidateLimit) {
            onePerPoint = true;
            break;
          }
          candidates[found++] = node;
          continue;
        }
        stack[top++] = low + 1;
        stack[top++] = low;
      }
      if (allDominated) continue;
      for (let t = this.start[leaf]; t < this.end[leaf]; t++) {
        if (!(onePerPoint ? this.dominated(t) : this.dominatedAmong(t, candidates, found))) {
          keep[this.perm[t]] = 1;
          count++;
        }
      }
    }
    return count;
  }

  /** Does a point of one of the candidate leaves dominate the point at row t? */
  private dominatedAmong(t: number, candidates: Int32Array, found: number): boolean {
    const o = t * this.dims;
    for (let c = 0; c < found; c++) {
      const node = candidates[c];
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
}

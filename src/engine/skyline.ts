/**
 * The first Pareto front (the skyline) of a flat coordinate array, for minimisation: a static,
 * balanced k-d tree over every objective of every point (static-kd-tree.ts), built once, then
 * "does any point dominate it?" for each point. Unlike the rank computation, no point has to
 * wait for its dominators: the whole set is in the tree from the start, so queries need no
 * lexicographic order, switch nothing on, and can be answered a node at a time (see markFront). On
 * anti-correlated data, where the first front is a large share of all points, this is what
 * keeps a top-k query fast. See docs/adr/0040-engine-skyline-first-front.md and
 * docs/adr/0049-skyline-dual-walk.md.
 */
import { StaticKdTree } from "./static-kd-tree";
import { DOMINATES, OUT_OF_REACH, boxAgainst, rowsDominate } from "./box-dominance";

/** Past this many candidate leaves, a leaf's points are tested one by one (see markFront). */
const CANDIDATE_LIMIT = 256;

/**
 * Which walk answers: the dual walk ("dual"), one walk per leaf ("leaf", ADR 0040), or the
 * dual walk unless a coordinate is NaN ("auto", what the engine uses; tests pick the others).
 */
export type SkylineWalk = "auto" | "dual" | "leaf";

/**
 * The first front as a mask (mask[i] = 1 when no point dominates point i) and its size.
 * `candidateLimit` (tests set it to 0 to test every point on its own) bounds the batched test;
 * `walk` picks the walk (tests only).
 */
export function firstFrontMask(
  coords: Float64Array,
  dims: number,
  n: number,
  candidateLimit = CANDIDATE_LIMIT,
  walk: SkylineWalk = "auto",
): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(n);
  if (n === 0) return { mask, count: 0 };
  const tree = new SkylineTree(coords, dims, n, candidateLimit);
  // NaN makes dominance intransitive and boxes loose; such inputs keep the per-leaf walks
  // whose answers they always had (see markLeafByLeaf)
  const leafByLeaf = walk === "leaf" || (walk === "auto" && hasNaN(coords, n * dims));
  const count = leafByLeaf ? tree.markLeafByLeaf(mask) : tree.markFront(mask);
  return { mask, count };
}

/**
 * firstFrontMask without a copy of the coordinates: the tree takes `coords` over and leaves
 * them rearranged, point perm[t] at row t (see maskedLexicographicOrder).
 */
export function firstFrontInPlace(coords: Float64Array, dims: number, n: number): { mask: Uint8Array; count: number; perm: Uint32Array } {
  const mask = new Uint8Array(n);
  if (n === 0) return { mask, count: 0, perm: new Uint32Array(0) };
  const tree = new SkylineTree(coords, dims, n, CANDIDATE_LIMIT, true);
  const count = hasNaN(coords, n * dims) ? tree.markLeafByLeaf(mask) : tree.markFront(mask);
  return { mask, count, perm: tree.perm };
}

/** Indices (ascending) of the points no other point dominates. */
export function firstFront(coords: Float64Array, dims: number, n: number, candidateLimit = CANDIDATE_LIMIT, walk: SkylineWalk = "auto"): Uint32Array {
  const { mask, count } = firstFrontMask(coords, dims, n, candidateLimit, walk);
  const out = new Uint32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (mask[i] === 1) out[k++] = i;
  return out;
}

/** The static tree with the dominance queries of the skyline. */
class SkylineTree extends StaticKdTree {
  /** The depth-first walks' stack, big enough for the deepest walk (it pushes two children a level). */
  private readonly stack = new Int32Array(this.depth + 2);
  /** Candidate lists: those of the nodes on the dual walk's path, one after the other. */
  private readonly pool: Int32Array;
  private keep: Uint8Array = new Uint8Array(0);
  private kept = 0;

  constructor(
    coords: Float64Array,
    dims: number,
    n: number,
    private readonly limit: number,
    takeOver = false,
  ) {
    super(coords, dims, n, takeOver);
    this.pool = new Int32Array((this.depth + 2) * (limit + 1) + 1);
  }

  /**
   * Marks keep[i] = 1 for every point i no other point dominates; returns how many. One dual
   * walk of the tree against itself: each node carries the list of nodes, about its own size,
   * that could hold a dominator of one of its points (box lower corner no higher than its
   * upper corner); each child refines its parent's list, and a leaf tests its points against
   * the leaves of its list only. A node that some listed node lies wholly below is dominated
   * whole. When a leaf's list would pass `limit` (small fronts: most leaves are dominated, but
   * by a node met late), its points are tested one by one with a walk from the root instead.
   */
  markFront(keep: Uint8Array): number {
    this.keep = keep;
    this.kept = 0;
    this.pool[0] = 0;
    this.visit(0, 0, 1);
    return this.kept;
  }

  /** Refines the list pool[from, to) for node q, then visits its children or tests its points. */
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
        const relation = boxAgainst(boxMin, boxMax, r * dims, boxMin, boxMax, qo, dims);
        if (relation === OUT_OF_REACH) continue;
        // every point of r dominates every point of q
        if (relation === DOMINATES) return;
        const low = child[r];
        // a leaf's list holds leaves only; an inner node's, nodes no bigger than itself
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
    if (!qLeaf) {
      // too long a list: the children start from the parent's, unrefined
      if (overflow) {
        next = to;
        for (let e = from; e < to; e++) pool[next++] = pool[e];
      }
      this.visit(child[q], to, next);
      this.visit(child[q] + 1, to, next);
      return;
    }
    this.testLeaf(q, to, next, overflow);
  }

  /**
   * The first front as the walks of ADR 0040 found it: one walk from the root per leaf, which
   * collects the leaves that could hold a dominator of one of its points. Kept for inputs with
   * NaN, whose answers depend on the walk (a NaN is never worse and never better).
   */
  markLeafByLeaf(keep: Uint8Array): number {
    const { dims, boxMin, boxMax, child, pool, stack } = this;
    this.keep = keep;
    this.kept = 0;
    for (let leaf = 0; leaf < this.nodes; leaf++) {
      if (child[leaf] >= 0) continue;
      const lo = leaf * dims;
      let found = 0;
      let allDominated = false;
      let onePerPoint = false;
      let top = 0;
      stack[top++] = 0;
      while (top > 0) {
        const node = stack[--top];
        const relation = boxAgainst(boxMin, boxMax, node * dims, boxMin, boxMax, lo, dims);
        if (relation === OUT_OF_REACH) continue;
        if (relation === DOMINATES) {
          allDominated = true;
          break;
        }
        const low = child[node];
        if (low < 0) {
          if (found === this.limit) {
            onePerPoint = true;
            break;
          }
          pool[found++] = node;
          continue;
        }
        stack[top++] = low + 1;
        stack[top++] = low;
      }
      if (!allDominated) this.testLeaf(leaf, 0, found, onePerPoint);
    }
    return this.kept;
  }

  /** Marks the leaf's points no candidate (pool[from, to)) dominates, or none at all when onePerPoint. */
  private testLeaf(leaf: number, from: number, to: number, onePerPoint: boolean): void {
    for (let t = this.start[leaf]; t < this.end[leaf]; t++) {
      if (!(onePerPoint ? this.dominated(t) : this.dominatedAmong(t, from, to))) {
        this.keep[this.perm[t]] = 1;
        this.kept++;
      }
    }
  }

  /** Does a point of one of the candidate leaves pool[from, to) dominate the point at row t? */
  private dominatedAmong(t: number, from: number, to: number): boolean {
    const { local, dims, boxMin, boxMax, pool, start, end } = this;
    const o = t * dims;
    for (let c = from; c < to; c++) {
      const node = pool[c];
      const relation = boxAgainst(boxMin, boxMax, node * dims, local, local, o, dims);
      if (relation === DOMINATES) return true;
      if (relation !== OUT_OF_REACH && rowsDominate(local, start[node], end[node], o, dims)) return true;
    }
    return false;
  }

  /** Does some point dominate the point at row t? */
  dominated(t: number): boolean {
    const { local, dims, boxMin, boxMax, child, start, end, stack } = this;
    const o = t * dims;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const relation = boxAgainst(boxMin, boxMax, node * dims, local, local, o, dims);
      if (relation === DOMINATES) return true;
      if (relation === OUT_OF_REACH) continue;
      const low = child[node];
      if (low < 0) {
        if (rowsDominate(local, start[node], end[node], o, dims)) return true;
        continue;
      }
      // the low child (smaller on the split objective) first: likelier to hold a dominator
      stack[top++] = low + 1;
      stack[top++] = low;
    }
    return false;
  }
}

function hasNaN(coords: Float64Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (coords[i] !== coords[i]) return true;
  return false;
}

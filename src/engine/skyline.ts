/**
 * The first Pareto front (the skyline) of a flat coordinate array, for minimisation: a static,
 * balanced k-d tree over every objective of every point, built once, then one query per point
 * ("does any point dominate it?"). Unlike the rank computation, no point has to wait for its
 * dominators: the whole set is in the tree from the start, so queries need no lexicographic
 * order, switch nothing on, and run in the tree's own leaf order, where consecutive queries walk
 * the same nodes (they stay in cache). On anti-correlated data, where the first front is a large
 * share of all points, this is what keeps a top-k query fast. See docs/adr/0101-engine-skyline.md.
 */

const LEAF_SIZE = 16;
/** Ranges above this many points are split at a sampled median (see split). */
const SAMPLED_SPLIT_FROM = 4096;
const SAMPLE = 63;

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

/** A static k-d tree whose nodes keep the bounding box of their points; children are allocated in pairs. */
class SkylineTree {
  /** Point index at row t; rows are grouped so each node owns the contiguous slice [start, end). */
  readonly perm: Uint32Array;
  /** Coordinates of perm[t] at row t: the tree's own copy, so scans read memory in order. */
  private readonly local: Float64Array;
  private readonly start: Uint32Array;
  private readonly end: Uint32Array;
  /** First of the node's two children (the second is child + 1), or -1 for a leaf. */
  private readonly child: Int32Array;
  private readonly boxMin: Float64Array;
  private readonly boxMax: Float64Array;
  private nodes = 0;
  private stack = new Int32Array(256);

  constructor(
    coords: Float64Array,
    private readonly dims: number,
    n: number,
  ) {
    const capacity = Math.max(1, 2 * Math.ceil(n / (LEAF_SIZE / 2)) + 1);
    this.perm = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.perm[i] = i;
    this.local = coords.slice(0, n * dims);
    this.start = new Uint32Array(capacity);
    this.end = new Uint32Array(capacity);
    this.child = new Int32Array(capacity).fill(-1);
    this.boxMin = new Float64Array(capacity * dims);
    this.boxMax = new Float64Array(capacity * dims);
    this.build(n);
  }

  /**
   * Builds the tree top-down without recursion (no deep call stacks on big inputs), each range
   * split on the objective of widest spread in an evenly spaced sample of its rows; then the
   * boxes bottom-up (children are created after their parent, so in reverse creation order
   * every child's box is ready before its parent's).
   */
  private build(n: number): void {
    const work: number[] = [0, n, this.nodes++];
    while (work.length > 0) {
      const node = work.pop()!;
      const b = work.pop()!;
      const a = work.pop()!;
      this.start[node] = a;
      this.end[node] = b;
      if (b - a <= LEAF_SIZE) continue;
      const axis = this.widestAxis(a, b);
      if (axis < 0) continue;
      const mid = this.split(a, b, axis);
      const low = this.nodes;
      this.nodes += 2;
      this.child[node] = low;
      work.push(a, mid, low, mid, b, low + 1);
    }
    for (let node = this.nodes - 1; node >= 0; node--) this.fillBox(node);
  }

  /** A leaf's box from its rows; an inner node's from its children's boxes. */
  private fillBox(node: number): void {
    const { dims, boxMin, boxMax, local } = this;
    const o = node * dims;
    const low = this.child[node];
    if (low >= 0) {
      for (let j = 0; j < dims; j++) {
        boxMin[o + j] = Math.min(boxMin[low * dims + j], boxMin[(low + 1) * dims + j]);
        boxMax[o + j] = Math.max(boxMax[low * dims + j], boxMax[(low + 1) * dims + j]);
      }
      return;
    }
    for (let j = 0; j < dims; j++) {
      boxMin[o + j] = Infinity;
      boxMax[o + j] = -Infinity;
    }
    for (let t = this.start[node]; t < this.end[node]; t++) {
      for (let j = 0; j < dims; j++) {
        const v = local[t * dims + j];
        if (v < boxMin[o + j]) boxMin[o + j] = v;
        if (v > boxMax[o + j]) boxMax[o + j] = v;
      }
    }
  }

  /**
   * The objective of widest spread among rows [a, b), judged on an evenly spaced sample of
   * them; -1 when they are all equal.
   */
  private widestAxis(a: number, b: number): number {
    const rows = Math.min(SAMPLE, b - a);
    const axis = this.spreadAxis(a, (b - a) / rows, rows);
    // a flat sample of a big range may still hide spread: look at every row then
    return axis < 0 && rows < b - a ? this.spreadAxis(a, 1, b - a) : axis;
  }

  private spreadAxis(a: number, step: number, rows: number): number {
    const { local, dims } = this;
    let axis = -1;
    let spread = 0;
    for (let j = 0; j < dims; j++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let s = 0; s < rows; s++) {
        const v = local[(a + Math.floor(s * step)) * dims + j];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > spread) {
        spread = hi - lo;
        axis = j;
      }
    }
    return axis;
  }

  /**
   * Rearranges rows [a, b) around a split on `axis` and returns the split row. Big ranges are
   * cut in one partition pass at the median of an evenly spaced sample (a k-d tree needs a
   * good split, not the exact median, and quickselect's repeated passes were most of the
   * build); small ones, and any sample split that leaves a side empty, at the exact median.
   */
  private split(a: number, b: number, axis: number): number {
    const { local, dims, perm } = this;
    if (b - a > SAMPLED_SPLIT_FROM) {
      const sample = new Float64Array(SAMPLE);
      const step = (b - a) / SAMPLE;
      for (let s = 0; s < SAMPLE; s++) sample[s] = local[(a + Math.floor(s * step)) * dims + axis];
      sample.sort();
      const pivot = sample[SAMPLE >> 1];
      let i = a;
      let j = b - 1;
      for (;;) {
        while (i <= j && local[i * dims + axis] < pivot) i++;
        while (i <= j && local[j * dims + axis] >= pivot) j--;
        if (i >= j) break;
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        for (let c = 0; c < dims; c++) {
          const v = local[i * dims + c];
          local[i * dims + c] = local[j * dims + c];
          local[j * dims + c] = v;
        }
        i++;
        j--;
      }
      if (i > a && i < b) return i;
    }
    const mid = (a + b) >> 1;
    this.select(a, b, mid, axis);
    return mid;
  }

  /** Quickselect: rows [a, b) rearranged so row m holds the m-th smallest in column `axis`. */
  private select(a: number, b: number, m: number, axis: number): void {
    const { local, dims, perm } = this;
    let lo = a;
    let hi = b - 1;
    while (hi > lo) {
      const pivot = local[((lo + hi) >> 1) * dims + axis];
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (local[i * dims + axis] < pivot) i++;
        while (local[j * dims + axis] > pivot) j--;
        if (i <= j) {
          const t = perm[i];
          perm[i] = perm[j];
          perm[j] = t;
          for (let c = 0; c < dims; c++) {
            const v = local[i * dims + c];
            local[i * dims + c] = local[j * dims + c];
            local[j * dims + c] = v;
          }
          i++;
          j--;
        }
      }
      if (m <= j) hi = j;
      else if (m >= i) lo = i;
      else return;
    }
  }

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
      let stack = this.stack;
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
        if (top + 2 > stack.length) {
          const grown = new Int32Array(stack.length * 2);
          grown.set(stack);
          stack = this.stack = grown;
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
    const { local, dims, boxMin, boxMax } = this;
    const o = t * dims;
    for (let c = 0; c < found; c++) {
      const node = candidates[c];
      const b = node * dims;
      let reachable = true;
      let covered = true;
      let strict = false;
      for (let j = 0; j < dims; j++) {
        const v = local[o + j];
        if (boxMin[b + j] > v) {
          reachable = false;
          break;
        }
        if (boxMax[b + j] > v) covered = false;
        else if (boxMax[b + j] < v) strict = true;
      }
      if (!reachable) continue;
      if (covered && strict) return true;
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
    }
    return false;
  }

  /** Does some point dominate the point at row t? */
  dominated(t: number): boolean {
    const { local, dims, boxMin, boxMax, child } = this;
    const o = t * dims;
    let stack = this.stack;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const b = node * dims;
      let reachable = true;
      let covered = true;
      let strict = false;
      for (let j = 0; j < dims; j++) {
        const v = local[o + j];
        if (boxMin[b + j] > v) {
          reachable = false;
          break;
        }
        if (boxMax[b + j] > v) covered = false;
        else if (boxMax[b + j] < v) strict = true;
      }
      if (!reachable) continue;
      // every point below is no worse than p everywhere and strictly better somewhere
      if (covered && strict) return true;
      const low = child[node];
      if (low < 0) {
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
        continue;
      }
      if (top + 2 > stack.length) {
        const grown = new Int32Array(stack.length * 2);
        grown.set(stack);
        stack = this.stack = grown;
      }
      // the low child (smaller on the split objective) first: likelier to hold a dominator
      stack[top++] = low + 1;
      stack[top++] = low;
    }
    return false;
  }
}

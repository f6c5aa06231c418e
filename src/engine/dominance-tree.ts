/**
 * The dominance test behind the Pareto sort: a dynamic, bucketed k-d tree over one front
 * answering "does any stored point dominate p?". Points live in one flat coordinate array
 * (row i = objectives of point i) shared with the sort.
 */

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
export class DominanceTree {
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


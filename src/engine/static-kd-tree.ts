/**
 * A static, balanced k-d tree over every coordinate of every point, built once: rows of a
 * private copy of the coordinates are grouped so each node owns a contiguous slice, and each
 * node keeps the bounding box of its points. Typed arrays only. The skyline query
 * (skyline.ts) is built on it.
 */

import { selectRows, swapRows } from "./row-select";

const LEAF_SIZE = 16;
/** Ranges above this many points are split at a sampled median (see split). */
const SAMPLED_SPLIT_FROM = 4096;
const SAMPLE = 63;

/** A static k-d tree whose nodes keep the bounding box of their points; children are allocated in pairs. */
export class StaticKdTree {
  /** Point index at row t; rows are grouped so each node owns the contiguous slice [start, end). */
  readonly perm: Uint32Array;
  /** Coordinates of perm[t] at row t: the tree's own copy, so scans read memory in order. */
  protected readonly local: Float64Array;
  protected readonly start: Uint32Array;
  protected readonly end: Uint32Array;
  /** First of the node's two children (the second is child + 1), or -1 for a leaf. */
  protected readonly child: Int32Array;
  protected readonly boxMin: Float64Array;
  protected readonly boxMax: Float64Array;
  protected nodes = 0;
  /** Levels below the root (0 for a lone leaf): a depth-first walk never holds more than depth + 2 nodes. */
  protected depth = 0;

  constructor(
    coords: Float64Array,
    protected readonly dims: number,
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
    const work: number[] = [0, n, this.nodes++, 0];
    while (work.length > 0) {
      const level = work.pop()!;
      const node = work.pop()!;
      const b = work.pop()!;
      const a = work.pop()!;
      this.start[node] = a;
      this.end[node] = b;
      if (b - a <= LEAF_SIZE) continue;
      const axis = this.widestAxis(a, b);
      if (axis < 0) continue;
      // never reached with leaves of 8 rows or more (see split); kept so that no input can
      // write past the node arrays
      if (this.nodes + 2 > this.start.length) continue;
      const mid = this.split(a, b, axis);
      const low = this.nodes;
      this.nodes += 2;
      this.child[node] = low;
      this.depth = Math.max(this.depth, level + 1);
      work.push(a, mid, low, level + 1, mid, b, low + 1, level + 1);
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
   * build); small ones, and any sample split that leaves a side under an eighth, at the exact
   * median.
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
        swapRows(local, perm, dims, i++, j--);
      }
      // each side keeps an eighth at least: leaves then hold 8 rows or more, which the node
      // arrays are sized for, and the tree stays shallow
      const least = (b - a) >> 3;
      if (i - a >= least && b - i >= least) return i;
    }
    const mid = (a + b) >> 1;
    selectRows(local, perm, dims, a, b, mid, axis);
    return mid;
  }
}

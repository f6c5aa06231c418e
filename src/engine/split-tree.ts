/**
 * The shape of a balanced k-d tree over the rows of a flat coordinate array: rows are
 * rearranged in place so each node owns a contiguous slice [start, end), and the two children
 * of a node are adjacent (child, child + 1). Boxes and whatever else a tree keeps per node are
 * up to its owner (rank-tree.ts).
 */

import { selectRows, swapRows } from "./row-select";

const LEAF_SIZE = 16;
/** Ranges above this many rows are split at a sampled median (see split). */
const SAMPLED_SPLIT_FROM = 4096;
const SAMPLE = 63;

export interface SplitTree {
  /** Point index at row t (rows of `local` were moved along). */
  perm: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
  /** First of the node's two children, or -1 for a leaf. */
  child: Int32Array;
  /** -1 for the root. */
  parent: Int32Array;
  nodes: number;
  /** Levels below the root: a depth-first walk never holds more than depth + 2 nodes. */
  depth: number;
}

/**
 * Builds the tree top-down without recursion (no deep call stacks on big inputs), each range
 * split on the column of widest spread in an evenly spaced sample of its rows. `local` holds
 * `width` numbers a row and is rearranged.
 */
export function buildSplitTree(local: Float64Array, width: number, n: number): SplitTree {
  const capacity = Math.max(1, 2 * Math.ceil(n / (LEAF_SIZE / 2)) + 1);
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const start = new Uint32Array(capacity);
  const end = new Uint32Array(capacity);
  const child = new Int32Array(capacity).fill(-1);
  const parent = new Int32Array(capacity).fill(-1);
  let nodes = 1;
  let depth = 0;
  const work: number[] = [0, n, 0, 0];
  while (work.length > 0) {
    const level = work.pop()!;
    const node = work.pop()!;
    const b = work.pop()!;
    const a = work.pop()!;
    start[node] = a;
    end[node] = b;
    if (b - a <= LEAF_SIZE) continue;
    const axis = widestAxis(local, width, a, b);
    if (axis < 0) continue;
    // never reached with leaves of 8 rows or more (see split); kept so that no input can
    // write past the node arrays
    if (nodes + 2 > capacity) continue;
    const mid = split(local, perm, width, a, b, axis);
    const low = nodes;
    nodes += 2;
    child[node] = low;
    parent[low] = node;
    parent[low + 1] = node;
    depth = Math.max(depth, level + 1);
    work.push(a, mid, low, level + 1, mid, b, low + 1, level + 1);
  }
  return { perm, start, end, child, parent, nodes, depth };
}

/** The column of widest spread among rows [a, b), judged on an evenly spaced sample; -1 when all equal. */
function widestAxis(local: Float64Array, width: number, a: number, b: number): number {
  const rows = Math.min(SAMPLE, b - a);
  const axis = spreadAxis(local, width, a, (b - a) / rows, rows);
  // a flat sample of a big range may still hide spread: look at every row then
  return axis < 0 && rows < b - a ? spreadAxis(local, width, a, 1, b - a) : axis;
}

function spreadAxis(local: Float64Array, width: number, a: number, step: number, rows: number): number {
  let axis = -1;
  let spread = 0;
  for (let j = 0; j < width; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let s = 0; s < rows; s++) {
      const v = local[(a + Math.floor(s * step)) * width + j];
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
 * Rearranges rows [a, b) around a split on `axis` and returns the split row: big ranges in one
 * partition pass at the median of a sample, small ones (and any sample split that leaves a
 * side under an eighth) at the exact median.
 */
function split(local: Float64Array, perm: Uint32Array, width: number, a: number, b: number, axis: number): number {
  if (b - a > SAMPLED_SPLIT_FROM) {
    const sample = new Float64Array(SAMPLE);
    const step = (b - a) / SAMPLE;
    for (let s = 0; s < SAMPLE; s++) sample[s] = local[(a + Math.floor(s * step)) * width + axis];
    sample.sort();
    const pivot = sample[SAMPLE >> 1];
    let i = a;
    let j = b - 1;
    for (;;) {
      while (i <= j && local[i * width + axis] < pivot) i++;
      while (i <= j && local[j * width + axis] >= pivot) j--;
      if (i >= j) break;
      swapRows(local, perm, width, i++, j--);
    }
    // each side keeps an eighth at least: leaves then hold 8 rows or more, which the node
    // arrays are sized for, and the tree stays shallow
    const least = (b - a) >> 3;
    if (i - a >= least && b - i >= least) return i;
  }
  const mid = (a + b) >> 1;
  selectRows(local, perm, width, a, b, mid, axis);
  return mid;
}

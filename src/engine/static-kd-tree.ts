/**
 * A static, balanced k-d tree over every coordinate of every point, built once: rows of a
 * private copy of the coordinates are grouped so each node owns a contiguous slice, and each
 * node keeps the bounding box of its points. Typed arrays only. The skyline query
 * (skyline.ts) is built on it.
 */

import { buildSplitTree } from "./split-tree";

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
  protected readonly nodes: number;
  /** Levels below the root (0 for a lone leaf): a depth-first walk never holds more than depth + 2 nodes. */
  protected readonly depth: number;

  /** With `takeOver`, the tree rearranges `coords` itself instead of a copy (the caller's rows move). */
  constructor(
    coords: Float64Array,
    protected readonly dims: number,
    n: number,
    takeOver = false,
  ) {
    this.local = takeOver ? coords : coords.slice(0, n * dims);
    // the shape (split-tree.ts) is shared with the rank tree; the boxes are this tree's own
    const tree = buildSplitTree(this.local, dims, n);
    this.perm = tree.perm;
    this.start = tree.start;
    this.end = tree.end;
    this.child = tree.child;
    this.nodes = tree.nodes;
    this.depth = tree.depth;
    this.boxMin = new Float64Array(tree.nodes * dims);
    this.boxMax = new Float64Array(tree.nodes * dims);
    // children are created after their parent, so in reverse creation order every child's
    // box is ready before its parent's
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
}

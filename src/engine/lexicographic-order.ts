/** Flat coordinates and lexicographic order for the Pareto sort. */
import type { Point } from "./pareto";

export function flatten(points: readonly Point[]): { coords: Float64Array; dims: number } {
  const dims = points.length > 0 ? points[0].length : 0;
  const coords = new Float64Array(points.length * dims);
  points.forEach((p, i) => {
    for (let j = 0; j < dims; j++) coords[i * dims + j] = p[j];
  });
  return { coords, dims };
}

/**
 * Indices of the points in lexicographic order of their objectives (ties by index): an LSD radix
 * sort on objective 0 (16-bit digits of its order-preserving bit pattern), then runs of equal
 * objective 0 sorted by the remaining objectives. A comparator sort of a million indices took
 * most of a top-50 query.
 */
export function lexicographicOrder(coords: Float64Array, dims: number, n: number): number[] {
  if (n < RADIX_FROM) return comparatorOrder(coords, dims, n);
  const order = radixOrder(coords, dims, n);
  const compareRest = (a: number, b: number) => {
    for (let j = 1; j < dims; j++) {
      const d = coords[a * dims + j] - coords[b * dims + j];
      if (d !== 0) return d;
    }
    return a - b;
  };
  const out = Array.from(order);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && coords[out[end] * dims] === coords[out[start] * dims]) end++;
    if (end - start > 1) {
      const run = out.slice(start, end).sort(compareRest);
      for (let k = 0; k < run.length; k++) out[start + k] = run[k];
    }
    start = end;
  }
  return out;
}

/**
 * Below this many points a comparator sort is cheaper than the radix sort, whose four passes
 * over 65 536 buckets cost the same for 10 points as for 100 000 (the federation's MCP
 * endpoint re-ranks a dozen tools every few seconds).
 */
export const RADIX_FROM = 2048;

/** The same order by a comparator sort: every objective in turn, then the index. */
function comparatorOrder(coords: Float64Array, dims: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out.sort((a, b) => {
    for (let j = 0; j < dims; j++) {
      const x = coords[a * dims + j];
      const y = coords[b * dims + j];
      // x < y rather than x - y: -0 and 0 stay equal, and infinities compare without NaN
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return a - b;
  });
}

/**
 * Indices sorted by objective 0 (stable, so ties keep index order): an LSD radix sort of the
 * 64-bit order-preserving key in six passes of 11 bits (2048 counters stay in the fastest
 * cache, where 65 536 did not), the keys moving with their indices so every pass reads in
 * order, and a pass skipped when all keys share its digit (the sign and exponent bits of data
 * in a narrow range).
 */
function radixOrder(coords: Float64Array, dims: number, n: number): Uint32Array {
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let order = new Uint32Array(n);
  const counts = new Uint32Array(PASSES * BUCKETS);
  for (let i = 0; i < n; i++) {
    // -0 and 0 compare equal: one key for both; then flip so unsigned order is numeric order
    bits[0] = coords[i * dims] + 0;
    const negative = (words[1] & 0x80000000) !== 0;
    const l = negative ? ~words[0] >>> 0 : words[0];
    const h = negative ? ~words[1] >>> 0 : (words[1] | 0x80000000) >>> 0;
    lo[i] = l;
    hi[i] = h;
    order[i] = i;
    counts[l & MASK]++;
    counts[BUCKETS + ((l >>> 11) & MASK)]++;
    counts[2 * BUCKETS + (l >>> 22)]++;
    counts[3 * BUCKETS + (h & MASK)]++;
    counts[4 * BUCKETS + ((h >>> 11) & MASK)]++;
    counts[5 * BUCKETS + (h >>> 22)]++;
  }
  let nextLo = new Uint32Array(n);
  let nextHi = new Uint32Array(n);
  let nextOrder = new Uint32Array(n);
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * BUCKETS;
    const shift = (pass % 3) * 11;
    const fromHi = pass >= 3;
    // turn the counts into starting positions; a digit every key shares changes nothing
    let skip = false;
    for (let d = 0, sum = 0; d < BUCKETS; d++) {
      const c = counts[base + d];
      if (c === n) skip = true;
      counts[base + d] = sum;
      sum += c;
    }
    if (skip) continue;
    for (let i = 0; i < n; i++) {
      const l = lo[i];
      const h = hi[i];
      const at = counts[base + (((fromHi ? h : l) >>> shift) & MASK)]++;
      nextLo[at] = l;
      nextHi[at] = h;
      nextOrder[at] = order[i];
    }
    [lo, nextLo] = [nextLo, lo];
    [hi, nextHi] = [nextHi, hi];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}

const PASSES = 6;
const BUCKETS = 2048;
const MASK = BUCKETS - 1;

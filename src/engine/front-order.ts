/**
 * The members of a huge first front in lexicographic order (the order `lexicographicOrder`
 * gives: every objective in turn, then the index), found without sorting every member by a
 * radix sort of 64-bit keys: objective 0 spreads the members over about one bucket each by a
 * linear map of its range, and each bucket, a handful of members, is sorted by comparison.
 * The map is monotone, so the buckets are in order; only the few members sharing a bucket are
 * compared. Inputs with a non-finite value (whose order the radix sort defines) take
 * `lexicographicOrder` itself.
 */
import { lexicographicOrder } from "./lexicographic-order";

/** Buckets above this many members are sorted by Array.prototype.sort instead of insertion. */
const INSERTION_UP_TO = 24;

/**
 * Indices i with mask[i] === 1 (there are `count`), in lexicographic order of their points in
 * `coords` (`dims` numbers a point), ties by index.
 */
export function maskedLexicographicOrder(coords: Float64Array, dims: number, mask: Uint8Array, count: number): number[] {
  const members = new Uint32Array(count);
  let min = Infinity;
  let max = -Infinity;
  let finite = true;
  for (let i = 0, k = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    members[k++] = i;
    for (let j = 0; j < dims; j++) if (!Number.isFinite(coords[i * dims + j])) finite = false;
    const v = coords[i * dims];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  const scale = (count - 1) / range;
  // a range that overflows, is empty, or is so narrow that the scale overflows: the general way
  if (!finite || count < 2 || !(range > 0 && range < Infinity && scale < Infinity)) return byLexicographicOrder(coords, dims, members);
  // a linear map of objective 0 onto the buckets: monotone, so equal keys share a bucket and
  // a smaller key never lands in a later one
  const buckets = count;
  const bucketOf = new Uint32Array(count);
  const starts = new Uint32Array(buckets + 1);
  for (let k = 0; k < count; k++) {
    const d = Math.min(buckets - 1, Math.floor((coords[members[k] * dims] - min) * scale));
    bucketOf[k] = d;
    starts[d + 1]++;
  }
  for (let d = 0; d < buckets; d++) starts[d + 1] += starts[d];
  const fill = starts.slice(0, buckets);
  const sorted = new Array<number>(count);
  // members are visited in index order, so each bucket starts in index order
  for (let k = 0; k < count; k++) sorted[fill[bucketOf[k]]++] = members[k];
  const before = (a: number, b: number): boolean => {
    for (let j = 0; j < dims; j++) {
      const x = coords[a * dims + j];
      const y = coords[b * dims + j];
      if (x !== y) return x < y;
    }
    return a < b;
  };
  for (let d = 0; d < buckets; d++) {
    const a = starts[d];
    const b = starts[d + 1];
    if (b - a < 2) continue;
    if (b - a > INSERTION_UP_TO) {
      const run = sorted.slice(a, b).sort((x, y) => (before(x, y) ? -1 : 1));
      for (let k = 0; k < run.length; k++) sorted[a + k] = run[k];
      continue;
    }
    for (let k = a + 1; k < b; k++) {
      const item = sorted[k];
      let at = k;
      while (at > a && before(item, sorted[at - 1])) {
        sorted[at] = sorted[at - 1];
        at--;
      }
      sorted[at] = item;
    }
  }
  return sorted;
}

/** The general way: the members' own coordinates, ordered by lexicographicOrder. */
function byLexicographicOrder(coords: Float64Array, dims: number, members: Uint32Array): number[] {
  const count = members.length;
  const sub = new Float64Array(count * dims);
  for (let k = 0; k < count; k++) {
    for (let j = 0; j < dims; j++) sub[k * dims + j] = coords[members[k] * dims + j];
  }
  // members are in index order, so ties in the sub-order (by sub-index) keep index order
  return lexicographicOrder(sub, dims, count).map((k) => members[k]);
}

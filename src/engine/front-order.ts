/**
 * The members of a huge first front in lexicographic order (the order `lexicographicOrder`
 * gives: every objective in turn, then the index), found without sorting every member by a
 * radix sort of 64-bit keys: objective 0 spreads the members over about one bucket each by a
 * linear map of its range, and each bucket, a handful of members, is sorted by comparison.
 * The map is monotone, so the buckets are in order; only the few members sharing a bucket are
 * compared. Inputs with a non-finite value (whose order the radix sort defines) take
 * `lexicographicOrder` itself. It reads the skyline tree's own rows, so the points need no
 * second copy in index order.
 */
import { lexicographicOrder } from "./lexicographic-order";

/** Buckets above this many members are sorted by Array.prototype.sort instead of insertion. */
const INSERTION_UP_TO = 24;

/**
 * Indices i with mask[i] === 1 (there are `count`), in lexicographic order of their points,
 * ties by index. Point perm[t] lies at row t of `local` (`dims` numbers a row): the skyline
 * tree's rearranged rows serve as they are (pass the identity for coordinates in index order).
 */
export function maskedLexicographicOrder(local: Float64Array, dims: number, perm: Uint32Array, mask: Uint8Array, count: number): number[] {
  const rows = new Uint32Array(count);
  let min = Infinity;
  let max = -Infinity;
  let finite = true;
  for (let t = 0, k = 0; t < perm.length; t++) {
    if (mask[perm[t]] !== 1) continue;
    rows[k++] = t;
    for (let j = 0; j < dims; j++) if (!Number.isFinite(local[t * dims + j])) finite = false;
    const v = local[t * dims];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  const scale = (count - 1) / range;
  // a range that overflows, is empty, or is so narrow that the scale overflows: the general way
  if (!finite || count < 2 || !(range > 0 && range < Infinity && scale < Infinity)) return byLexicographicOrder(local, dims, perm, mask, count);
  // a linear map of objective 0 onto the buckets: monotone, so equal keys share a bucket and
  // a smaller key never lands in a later one
  const buckets = count;
  const bucketOf = new Uint32Array(count);
  const starts = new Uint32Array(buckets + 1);
  for (let k = 0; k < count; k++) {
    const d = Math.min(buckets - 1, Math.floor((local[rows[k] * dims] - min) * scale));
    bucketOf[k] = d;
    starts[d + 1]++;
  }
  for (let d = 0; d < buckets; d++) starts[d + 1] += starts[d];
  const fill = starts.slice(0, buckets);
  const sorted = new Array<number>(count);
  for (let k = 0; k < count; k++) sorted[fill[bucketOf[k]]++] = rows[k];
  // rows a before b: every objective in turn, then the point index
  const before = (a: number, b: number): boolean => {
    for (let j = 0; j < dims; j++) {
      const x = local[a * dims + j];
      const y = local[b * dims + j];
      if (x !== y) return x < y;
    }
    return perm[a] < perm[b];
  };
  for (let d = 0; d < buckets; d++) sortBucket(sorted, starts[d], starts[d + 1], before);
  for (let k = 0; k < count; k++) sorted[k] = perm[sorted[k]];
  return sorted;
}

/** Sorts sorted[a, b) by `before`: insertion for a few, a comparison sort for more. */
function sortBucket(sorted: number[], a: number, b: number, before: (x: number, y: number) => boolean): void {
  if (b - a < 2) return;
  if (b - a > INSERTION_UP_TO) {
    const run = sorted.slice(a, b).sort((x, y) => (before(x, y) ? -1 : 1));
    for (let k = 0; k < run.length; k++) sorted[a + k] = run[k];
    return;
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

/** The general way: the members' coordinates in index order, ordered by lexicographicOrder. */
function byLexicographicOrder(local: Float64Array, dims: number, perm: Uint32Array, mask: Uint8Array, count: number): number[] {
  const rowOf = new Uint32Array(perm.length);
  for (let t = 0; t < perm.length; t++) rowOf[perm[t]] = t;
  const members = new Uint32Array(count);
  const sub = new Float64Array(count * dims);
  for (let i = 0, k = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    members[k] = i;
    for (let j = 0; j < dims; j++) sub[k * dims + j] = local[rowOf[i] * dims + j];
    k++;
  }
  // members are in index order, so ties in the sub-order (by sub-index) keep index order
  return lexicographicOrder(sub, dims, count).map((k) => members[k]);
}

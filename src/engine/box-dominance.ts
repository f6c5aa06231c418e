/**
 * The dominance tests of the skyline tree (skyline.ts) on its flat arrays: a node's box
 * against a point or against another node's box, and a leaf's rows against a point. Four
 * objectives (the engine's) have their own versions without a branch per objective: which
 * objective fails first is unpredictable, and a mispredicted branch costs more than the
 * comparisons it would skip. Both versions give the same answers, NaN included (a comparison
 * with NaN is false: never worse, never better).
 */

/** How a box lies against a point or a box: beyond it somewhere, wholly dominating it, or neither. */
export const OUT_OF_REACH = 0;
export const DOMINATES = 1;
export const PARTLY = 2;

/**
 * How box r (lower corners in `lower` at b, upper corners in `upper` at b) lies against the
 * point whose lower corner is `low` at o and upper corner `high` at o (a point is its own
 * box: pass its coordinates twice): OUT_OF_REACH when r's lower corner exceeds the upper one
 * somewhere, DOMINATES when r's upper corner is no higher than the lower one anywhere and
 * lower somewhere (every point of r dominates every point there), else PARTLY.
 */
export function boxAgainst(lower: Float64Array, upper: Float64Array, b: number, low: Float64Array, high: Float64Array, o: number, dims: number): number {
  if (dims === 4) return boxAgainst4(lower, upper, b, low, high, o);
  let covered = true;
  let strict = false;
  for (let j = 0; j < dims; j++) {
    if (lower[b + j] > high[o + j]) return OUT_OF_REACH;
    const m = low[o + j];
    if (upper[b + j] > m) covered = false;
    else if (upper[b + j] < m) strict = true;
  }
  return covered && strict ? DOMINATES : PARTLY;
}

function boxAgainst4(lower: Float64Array, upper: Float64Array, b: number, low: Float64Array, high: Float64Array, o: number): number {
  const out = +(lower[b] > high[o]) | +(lower[b + 1] > high[o + 1]) | +(lower[b + 2] > high[o + 2]) | +(lower[b + 3] > high[o + 3]);
  if (out !== 0) return OUT_OF_REACH;
  const x0 = upper[b];
  const x1 = upper[b + 1];
  const x2 = upper[b + 2];
  const x3 = upper[b + 3];
  const y0 = low[o];
  const y1 = low[o + 1];
  const y2 = low[o + 2];
  const y3 = low[o + 3];
  const covered = +!(x0 > y0) & +!(x1 > y1) & +!(x2 > y2) & +!(x3 > y3);
  return covered !== 0 && (x0 < y0 || x1 < y1 || x2 < y2 || x3 < y3) ? DOMINATES : PARTLY;
}

/** Does one of the rows [from, to) of `local` dominate the point at offset o of `local`? */
export function rowsDominate(local: Float64Array, from: number, to: number, o: number, dims: number): boolean {
  if (dims === 4) return rowsDominate4(local, from, to, o);
  for (let r = from; r < to; r++) {
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

function rowsDominate4(local: Float64Array, from: number, to: number, o: number): boolean {
  const y0 = local[o];
  const y1 = local[o + 1];
  const y2 = local[o + 2];
  const y3 = local[o + 3];
  const last = to * 4;
  for (let q = from * 4; q < last; q += 4) {
    const x0 = local[q];
    const x1 = local[q + 1];
    const x2 = local[q + 2];
    const x3 = local[q + 3];
    const noWorse = +!(x0 > y0) & +!(x1 > y1) & +!(x2 > y2) & +!(x3 > y3);
    // the strictness test only for the rare rows no worse anywhere
    if (noWorse !== 0 && (x0 < y0 || x1 < y1 || x2 < y2 || x3 < y3)) return true;
  }
  return false;
}

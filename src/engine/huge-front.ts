/**
 * The shortcut of a top-k query for data whose first front is huge (anti-correlated objectives):
 * a small sample tells, and then the first front is computed straight away by the skyline tree
 * and only its members are put in lexicographic order, skipping the order of every point and
 * the front peeling that would give up on such a front anyway.
 */
import { maskedLexicographicOrder } from "./front-order";
import { firstFront, firstFrontInPlace } from "./skyline";

/** Inputs smaller than this take the usual way: the shortcut saves little there. */
export const HUGE_FRONT_FROM = 50_000;
/** Points in the sample. */
const SAMPLE = 1024;
/**
 * Share of the sample on its own first front above which the front is taken to be huge: about
 * 1.0 on anti-correlated data, 0.08 on uniform data in 4 objectives (a sample's front share is
 * far above the whole set's; only a near-total share predicts a huge front).
 */
const HUGE_SHARE = 0.5;

/** True when an evenly spaced sample of the points lies mostly on its own first front. */
export function looksLikeHugeFront(coords: Float64Array, dims: number, n: number): boolean {
  if (n < HUGE_FRONT_FROM) return false;
  const sample = new Float64Array(SAMPLE * dims);
  const step = n / SAMPLE;
  for (let s = 0; s < SAMPLE; s++) {
    const i = Math.floor(s * step);
    for (let j = 0; j < dims; j++) sample[s * dims + j] = coords[i * dims + j];
  }
  return firstFront(sample, dims, SAMPLE).length > HUGE_SHARE * SAMPLE;
}

/**
 * The first front in lexicographic order when it holds at least `limit` points, else
 * undefined. The skyline tree takes `coords` over: they are rearranged either way.
 */
export function hugeFirstFront(coords: Float64Array, dims: number, n: number, limit: number): number[] | undefined {
  const { mask, count, perm } = firstFrontInPlace(coords, dims, n);
  if (count < limit) return undefined;
  return maskedLexicographicOrder(coords, dims, perm, mask, count);
}

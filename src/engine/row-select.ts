/**
 * Row moves shared by the engine's static k-d trees (rank-tree.ts, static-kd-tree.ts): each
 * keeps a row-ordered copy of its coordinates (`width` numbers a row) beside the point index of
 * each row, and both must move together.
 */

/** Swaps rows i and j of `local` and their point indices in `perm`. */
export function swapRows(local: Float64Array, perm: Uint32Array, width: number, i: number, j: number): void {
  const t = perm[i];
  perm[i] = perm[j];
  perm[j] = t;
  for (let c = 0; c < width; c++) {
    const v = local[i * width + c];
    local[i * width + c] = local[j * width + c];
    local[j * width + c] = v;
  }
}

/** Quickselect: rows [a, b) rearranged so row m holds the m-th smallest in column `axis`. */
export function selectRows(local: Float64Array, perm: Uint32Array, width: number, a: number, b: number, m: number, axis: number): void {
  let lo = a;
  let hi = b - 1;
  while (hi > lo) {
    const pivot = local[((lo + hi) >> 1) * width + axis];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (local[i * width + axis] < pivot) i++;
      while (local[j * width + axis] > pivot) j--;
      if (i <= j) swapRows(local, perm, width, i++, j--);
    }
    if (m <= j) hi = j;
    else if (m >= i) lo = i;
    else return;
  }
}

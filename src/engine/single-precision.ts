/**
 * Outward rounding to single precision, for the node boxes of the rank tree (rank-tree.ts):
 * a box whose minimum is rounded down and maximum rounded up still contains its points, so
 * every skip or whole-subtree answer drawn from it holds for the exact box too, at half the
 * bytes a search reads. (The skyline tree, static-kd-tree.ts, measured no gain from it and
 * keeps double precision.)
 */

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The largest single-precision number no greater than v. */
export function roundDown(v: number): number {
  const f = Math.fround(v);
  if (!(f > v)) return f;
  f32[0] = f;
  if (f > 0) i32[0]--;
  else if (f < 0) i32[0]++;
  else i32[0] = 0x80000001 | 0;
  return f32[0];
}

/** The smallest single-precision number no less than v. */
export function roundUp(v: number): number {
  const f = Math.fround(v);
  if (!(f < v)) return f;
  f32[0] = f;
  if (f > 0) i32[0]++;
  else if (f < 0) i32[0]--;
  else i32[0] = 1;
  return f32[0];
}

import { dominates } from "../../src/engine/pareto";

/** The first front by comparing every pair, straight from the definition: the reference for the skyline tests. */
export function bruteForceFirstFront(points: number[][]): number[] {
  const out: number[] = [];
  for (let i = 0; i < points.length; i++) {
    let dominated = false;
    for (let q = 0; q < points.length && !dominated; q++) dominated = dominates(points[q], points[i]);
    if (!dominated) out.push(i);
  }
  return out;
}

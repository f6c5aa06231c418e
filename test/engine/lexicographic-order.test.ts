import { flatten, lexicographicOrder, RADIX_FROM } from "../../src/engine/lexicographic-order";
import { naiveNonDominatedSort, nonDominatedSort, topFronts } from "../../src/engine/pareto";

function order(points: number[][]): number[] {
  const { coords, dims } = flatten(points);
  return lexicographicOrder(coords, dims, points.length);
}

function comparatorOrder(points: number[][]): number[] {
  return points
    .map((_, i) => i)
    .sort((a, b) => {
      for (let j = 0; j < points[a].length; j++) {
        const d = points[a][j] - points[b][j];
        if (d !== 0) return d;
      }
      return a - b;
    });
}

describe("lexicographicOrder (radix on objective 0)", () => {
  test.each([
    ["negative and positive values", [[0.5, 1], [-0.5, 2], [-2, 0], [3, 3], [-0.25, 1]]],
    ["zero and negative zero, ties broken by the other objectives", [[0, 2], [-0, 1], [0, 1], [-0, 0]]],
    ["duplicates keep index order", [[1, 1], [1, 1], [1, 1]]],
    ["infinities and tiny values", [[Infinity, 0], [-Infinity, 0], [1e-300, 0], [-1e-300, 0], [0, 0]]],
    ["large magnitudes", [[1e300, 1], [-1e300, 1], [123456789.5, 0], [-123456789.5, 0]]],
  ])("when objective 0 holds %s, then the order equals a comparator sort's", (_case, points) => {
    expect(order(points)).toEqual(comparatorOrder(points));
  });

  test.each([
    ["negative and positive values", [[0.5, 1], [-0.5, 2], [-2, 0], [3, 3], [-0.25, 1]]],
    ["zero and negative zero", [[0, 2], [-0, 1], [0, 1], [-0, 0]]],
    ["infinities and tiny values", [[Infinity, 0], [-Infinity, 0], [1e-300, 0], [-1e-300, 0], [0, 0]]],
  ])("when %s are repeated past the radix threshold, then the radix order equals a comparator sort's", (_case, base) => {
    // both paths: the same rows below and above RADIX_FROM, in scrambled copies
    const points: number[][] = [];
    for (let i = 0; points.length < RADIX_FROM + 7; i++) points.push([...base[(i * 7) % base.length]]);
    expect(points.length).toBeGreaterThanOrEqual(RADIX_FROM);
    expect(order(points)).toEqual(comparatorOrder(points));
    expect(order(points.slice(0, 40))).toEqual(comparatorOrder(points.slice(0, 40)));
  });

  test("when points are random with negatives, then fronts match the textbook sort", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const points = Array.from({ length: 5000 }, () => [rand(), Math.round(rand() * 5), rand(), -Math.abs(rand())]);
    const sorted = (fronts: number[][]) => fronts.map((f) => [...f].sort((a, b) => a - b));
    expect(sorted(nonDominatedSort(points))).toEqual(sorted(naiveNonDominatedSort(points)));
    expect(sorted(topFronts(points, 50))).toEqual(sorted(naiveNonDominatedSort(points)).slice(0, topFronts(points, 50).length));
  });
});

import fc from "fast-check";
import {
  crowdingDistance,
  dominates,
  naiveNonDominatedSort,
  nonDominatedSort,
  topFronts,
} from "../../src/engine/pareto";
import { quantile, wilsonLowerBound } from "../../src/engine/objectives";

const sortFronts = (fronts: number[][]) => fronts.map((f) => [...f].sort((a, b) => a - b));

describe("dominance", () => {
  test.each([
    [[1, 1], [2, 2], true],
    [[1, 2], [2, 2], true],
    [[2, 2], [2, 2], false],
    [[1, 3], [2, 2], false],
    [[3, 1, 0], [3, 1, 1], true],
    [[0, 0, 0, 1], [0, 0, 0, 0], false],
  ])("when a=%j and b=%j, then a dominates b is %s", (a, b, expected) => {
    expect(dominates(a, b)).toBe(expected);
  });
});

describe("non-dominated sorting", () => {
  test.each([
    ["a chain", [[1, 1], [2, 2], [3, 3]], [[0], [1], [2]]],
    ["a trade-off", [[1, 3], [2, 2], [3, 1]], [[0, 1, 2]]],
    ["two fronts", [[1, 3], [3, 1], [2, 4], [4, 2], [2, 2]], [[0, 1, 4], [2, 3]]],
    ["duplicates share a front", [[1, 1], [1, 1], [2, 2]], [[0, 1], [2]]],
    ["one objective", [[3], [1], [2], [1]], [[1, 3], [2], [0]]],
    ["empty", [], []],
  ])("when the points are %s, then the fronts are as computed by hand", (_label, points, fronts) => {
    expect(sortFronts(nonDominatedSort(points))).toEqual(fronts);
    expect(sortFronts(naiveNonDominatedSort(points))).toEqual(fronts);
  });

  test("when only the top k are asked for, then whole fronts are peeled until k are covered", () => {
    const points = [[1, 3], [3, 1], [2, 4], [4, 2], [2, 2], [5, 5]];
    expect(sortFronts(topFronts(points, 2))).toEqual([[0, 1, 4]]);
    expect(sortFronts(topFronts(points, 4))).toEqual([[0, 1, 4], [2, 3]]);
    expect(topFronts(points, 0)).toEqual([]);
  });

  const pointsArb = fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 }), { maxLength: 120 });

  test("property: no member of front k is dominated by another member of front k, and each is dominated by some member of front k-1", () => {
    fc.assert(
      fc.property(pointsArb, (points) => {
        const fronts = nonDominatedSort(points);
        expect(fronts.flat().sort((a, b) => a - b)).toEqual(points.map((_, i) => i));
        fronts.forEach((front, k) => {
          for (const a of front) for (const b of front) expect(dominates(points[a], points[b])).toBe(false);
          if (k > 0) for (const b of front) expect(fronts[k - 1].some((a) => dominates(points[a], points[b]))).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  test("property: the fast sort agrees with the textbook sort, and lazy peeling with both", () => {
    fc.assert(
      fc.property(pointsArb, fc.integer({ min: 1, max: 50 }), (points, k) => {
        const fast = sortFronts(nonDominatedSort(points));
        expect(fast).toEqual(sortFronts(naiveNonDominatedSort(points)));
        const top = sortFronts(topFronts(points, k));
        expect(top).toEqual(fast.slice(0, top.length));
      }),
      { numRuns: 300 },
    );
  });

  test("when 3000 random points in 4 objectives are sorted, then the result matches the textbook sort", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const points = Array.from({ length: 3000 }, () => [rand(), rand(), rand(), rand()]);
    expect(sortFronts(nonDominatedSort(points))).toEqual(sortFronts(naiveNonDominatedSort(points)));
  });
});

describe("crowding distance", () => {
  test("when a front has interior points, then their distance is the normalised neighbour gap summed over objectives", () => {
    // objective 0: 0, 1, 3, 4 (range 4); objective 1: 4, 3, 1, 0 (range 4)
    const points = [[0, 4], [1, 3], [3, 1], [4, 0]];
    const d = crowdingDistance(points, [0, 1, 2, 3]);
    expect(d[0]).toBe(Infinity);
    expect(d[3]).toBe(Infinity);
    expect(d[1]).toBeCloseTo((3 - 0) / 4 + (4 - 1) / 4);
    expect(d[2]).toBeCloseTo((4 - 1) / 4 + (3 - 0) / 4);
  });

  test("when a front has two points or fewer, then all are boundary points", () => {
    expect(crowdingDistance([[1, 2], [2, 1]], [0, 1])).toEqual([Infinity, Infinity]);
  });
});

describe("Wilson lower bound and quantiles", () => {
  test.each([
    [0, 0, 0],
    [1, 2, 0.0945],
    [5, 10, 0.2366],
    [9, 10, 0.5958],
    [10, 10, 0.7225],
    [95, 100, 0.8882],
    [0, 10, 0],
  ])("when %i of %i succeeded, then the 95%% lower bound is %f", (s, n, expected) => {
    expect(wilsonLowerBound(s, n)).toBeCloseTo(expected, 3);
  });

  test.each([
    [[1, 2, 3, 4], 0.5, 2],
    [[1, 2, 3, 4], 0.95, 4],
    [[10], 0.5, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5, 5],
  ])("when the sorted values are %j, then quantile %f is %f", (values, q, expected) => {
    expect(quantile(values, q)).toBe(expected);
  });

  const wideArb = fc.integer({ min: 1, max: 5 }).chain((dims) =>
    fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: dims, maxLength: dims }), { maxLength: 400 }),
  );

  test("property: in 1 to 5 objectives with many ties and up to 400 points, the fronts equal the textbook sort's, each in lexicographic order", () => {
    fc.assert(
      fc.property(wideArb, fc.integer({ min: 1, max: 400 }), (points, k) => {
        const fronts = nonDominatedSort(points);
        expect(sortFronts(fronts)).toEqual(sortFronts(naiveNonDominatedSort(points)));
        for (const front of fronts) {
          for (let t = 1; t < front.length; t++) {
            const a = points[front[t - 1]];
            const b = points[front[t]];
            const j = a.findIndex((v, d) => v !== b[d]);
            expect(j === -1 ? front[t - 1] < front[t] : a[j] < b[j]).toBe(true);
          }
        }
        const top = topFronts(points, k);
        expect(top).toEqual(fronts.slice(0, top.length));
        expect(top.flat().length >= Math.min(k, points.length)).toBe(true);
        expect(top.slice(0, -1).flat().length < k).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test("when the first front is too big to peel (6000 anti-correlated points), then the top fronts still equal the textbook sort's", () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const points = Array.from({ length: 6000 }, () => {
      const a = rand();
      const b = rand();
      return [a, 1 - a + (rand() - 0.5) * 0.01, b, 1 - b + (rand() - 0.5) * 0.01];
    });
    const naive = sortFronts(naiveNonDominatedSort(points));
    expect(naive[0].length).toBeGreaterThan(4096);
    expect(sortFronts(topFronts(points, 50))).toEqual(naive.slice(0, 1));
    expect(sortFronts(topFronts(points, naive[0].length + 1))).toEqual(naive.slice(0, 2));
    expect(sortFronts(nonDominatedSort(points))).toEqual(naive);
  });
});

import fc from "fast-check";
import { topFronts, nonDominatedSort } from "../../src/engine/pareto";
import { firstFront } from "../../src/engine/skyline";
import { flatten } from "../../src/engine/lexicographic-order";
import { bruteForceFirstFront } from "../support/pareto-reference";
import { looksLikeHugeFront } from "../../src/engine/huge-front";

/** The first front, batched by leaf as shipped; checked against testing each point on its own too. */
function skyline(points: number[][]): number[] {
  const { coords, dims } = flatten(points);
  const batched = Array.from(firstFront(coords, dims, points.length));
  expect(Array.from(firstFront(coords, dims, points.length, 0))).toEqual(batched);
  return batched;
}

function seeded(seed: number): () => number {
  return () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
}

/** Near the simplex sum(x) = 1: a large share of the points is non-dominated. */
function antiCorrelated(n: number, dims: number, seed: number, grid = 0): number[][] {
  const rand = seeded(seed);
  return Array.from({ length: n }, () => {
    const raw = Array.from({ length: dims }, () => -Math.log(rand() || 1e-12));
    const sum = raw.reduce((a, b) => a + b, 0);
    // on a grid, many points tie in some objectives and some repeat exactly
    return raw.map((v) => (grid > 0 ? Math.round((v / sum) * grid) : v / sum + (rand() - 0.5) * 0.02));
  });
}

describe("first front (skyline)", () => {
  test.each([
    ["empty", [], []],
    ["one point", [[1, 2]], [0]],
    ["a chain", [[1, 1], [2, 2], [3, 3]], [0]],
    ["a trade-off", [[1, 3], [2, 2], [3, 1]], [0, 1, 2]],
    ["exact duplicates stay together", [[1, 1], [1, 1], [2, 2]], [0, 1]],
    ["a tie in one objective is no dominance", [[1, 2], [1, 3], [2, 1]], [0, 2]],
  ])("when the points are %s, then the first front is as computed by hand", (_label, points, expected) => {
    expect(skyline(points)).toEqual(expected);
  });

  const wideArb = fc.integer({ min: 1, max: 5 }).chain((dims) =>
    fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: dims, maxLength: dims }), { maxLength: 600 }),
  );

  test("property: in 1 to 5 objectives with many ties and duplicates, the first front equals the brute-force one", () => {
    fc.assert(
      fc.property(wideArb, (points) => {
        expect(skyline(points)).toEqual(bruteForceFirstFront(points));
      }),
      { numRuns: 200 },
    );
  });

  test.each([
    ["anti-correlated, 4 objectives", antiCorrelated(8000, 4, 3)],
    ["anti-correlated on a grid (ties and duplicates), 4 objectives", antiCorrelated(8000, 4, 5, 40)],
    ["anti-correlated, 3 objectives", antiCorrelated(6000, 3, 9)],
    ["uniform, 4 objectives", (() => { const r = seeded(13); return Array.from({ length: 8000 }, () => [r(), r(), r(), r()]); })()],
    ["every point the same", Array.from({ length: 5000 }, () => [0.5, 0.5, 0.5, 0.5])],
    ["a skewed objective (most values equal, a few below)", (() => { const r = seeded(19); return Array.from({ length: 9000 }, (_, i) => [i % 97 === 0 ? r() : 1, r(), 1 - r(), r()]); })()],
    ["one objective constant", (() => { const r = seeded(17); return Array.from({ length: 6000 }, () => { const a = r(); return [1, a, 1 - a, 1]; }); })()],
  ])("when the points are %s (big enough for sampled splits), then the first front equals the brute-force one", (_label, points) => {
    expect(skyline(points)).toEqual(bruteForceFirstFront(points));
  });

  test("when a top-50 asks for anti-correlated points with ties, then it is the first front of the full sort, in its order", () => {
    const points = antiCorrelated(12000, 4, 21, 60);
    const all = nonDominatedSort(points);
    expect(all[0].length).toBeGreaterThan(4096);
    expect(topFronts(points, 50)).toEqual(all.slice(0, 1));
    expect(topFronts(points, all[0].length + 1)).toEqual(all.slice(0, 2));
  });

  test("when 60 000 points are anti-correlated, then a sample sends the top-50 straight to the skyline, and its answer is the full sort's", () => {
    const points = antiCorrelated(60000, 4, 23, 200);
    const { coords, dims } = flatten(points);
    expect(looksLikeHugeFront(coords, dims, points.length)).toBe(true);
    const all = nonDominatedSort(points);
    expect(topFronts(points, 50)).toEqual(all.slice(0, 1));
    // the skyline alone does not cover this limit: the usual way takes over
    expect(topFronts(points, all[0].length + 1)).toEqual(all.slice(0, 2));
  });

  test("when 60 000 points are uniform, then the sample keeps the top-50 on the peeling way", () => {
    const r = seeded(29);
    const points = Array.from({ length: 60000 }, () => [r(), r(), r(), r()]);
    const { coords, dims } = flatten(points);
    expect(looksLikeHugeFront(coords, dims, points.length)).toBe(false);
    expect(topFronts(points, 50)).toEqual(nonDominatedSort(points).slice(0, 1));
  });

  test("property: when coordinates differ below single precision, then the first front still equals the brute-force one", () => {
    // the tree's boxes are single precision, rounded outwards: these values collapse onto a few
    // single-precision numbers, so only the exact point tests tell them apart
    const closeArb = fc.integer({ min: 2, max: 4 }).chain((dims) =>
      fc.record({
        dims: fc.constant(dims),
        base: fc.constantFrom(1, -1, 1e-30, 3.4e38, 1e300, 0),
        offsets: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: dims, maxLength: dims * 300 }),
      }),
    );
    fc.assert(
      fc.property(closeArb, ({ dims, base, offsets }) => {
        const step = base === 0 ? 1e-50 : Math.abs(base) * 1e-12;
        const points: number[][] = [];
        for (let i = 0; i + dims <= offsets.length; i += dims) points.push(offsets.slice(i, i + dims).map((d) => base + d * step));
        expect(skyline(points)).toEqual(bruteForceFirstFront(points));
      }),
      { numRuns: 100 },
    );
  });
});

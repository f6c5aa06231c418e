import fc from "fast-check";
import { firstFront, type SkylineWalk } from "../../src/engine/skyline";
import { flatten } from "../../src/engine/lexicographic-order";
import { bruteForceFirstFront } from "../support/pareto-reference";

function front(points: number[][], walk: SkylineWalk, limit?: number): number[] {
  const { coords, dims } = flatten(points);
  return Array.from(firstFront(coords, dims, points.length, limit, walk));
}

function seeded(seed: number): () => number {
  return () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
}

/** Points of one kind: uniform, anti-correlated (near the simplex), or anti-correlated on a grid (ties, duplicates). */
function generate(kind: "uniform" | "anti" | "grid", n: number, dims: number, seed: number): number[][] {
  const rand = seeded(seed);
  return Array.from({ length: n }, () => {
    if (kind === "uniform") return Array.from({ length: dims }, () => rand());
    const raw = Array.from({ length: dims }, () => -Math.log(rand() || 1e-12));
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => (kind === "grid" ? Math.round((v / sum) * 30) : v / sum + (rand() - 0.5) * 0.02));
  });
}

describe("skyline dual walk", () => {
  // ties, duplicates, infinities and both zeros; candidate limits that overflow lists at every level
  const valueArb = fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 0, max: 6 }) },
    { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, -0, 0.5) },
  );
  const caseArb = fc.integer({ min: 1, max: 5 }).chain((dims) =>
    fc.record({
      points: fc.array(fc.array(valueArb, { minLength: dims, maxLength: dims }), { maxLength: 700 }),
      limit: fc.constantFrom(0, 1, 3, 16, 256),
    }),
  );

  test("property: with ties, duplicates and infinities in 1 to 5 objectives, the dual walk's first front equals the brute-force one", () => {
    fc.assert(
      fc.property(caseArb, ({ points, limit }) => {
        const expected = bruteForceFirstFront(points);
        expect(front(points, "dual", limit)).toEqual(expected);
        expect(front(points, "auto", limit)).toEqual(expected);
      }),
      { numRuns: 250 },
    );
  });

  test.each([
    ["uniform", 4, 200, "uniform"],
    ["uniform", 4, 9000, "uniform"],
    ["anti-correlated", 4, 300, "anti"],
    ["anti-correlated", 4, 6000, "anti"],
    ["anti-correlated", 3, 7000, "anti"],
    ["anti-correlated", 5, 5000, "anti"],
    ["anti-correlated on a grid (ties and duplicates)", 4, 6000, "grid"],
  ] as const)("when %s points (%i objectives, %i points) are ranked, then the dual walk's first front equals the brute-force one", (_label, dims, n, kind) => {
    const points = generate(kind, n, dims, 31 + n + dims);
    const expected = bruteForceFirstFront(points);
    expect(front(points, "dual")).toEqual(expected);
    // a small limit sends long lists back to the parent's and leaves to one walk per point
    expect(front(points, "dual", 4)).toEqual(expected);
  });

  test("property: when coordinates hold NaN, then the engine's answer is the per-leaf walks' answer, as before the dual walk", () => {
    const nanArb = fc.integer({ min: 1, max: 4 }).chain((dims) =>
      fc.array(
        fc.array(fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity) }), {
          minLength: dims,
          maxLength: dims,
        }),
        { maxLength: 3000 },
      ),
    );
    fc.assert(
      fc.property(nanArb, (points) => {
        expect(front(points, "auto")).toEqual(front(points, "leaf"));
      }),
      { numRuns: 150 },
    );
  });
});

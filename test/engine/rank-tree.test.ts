import fc from "fast-check";
import { RankTree } from "../../src/engine/rank-tree";

/** Highest rank among switched-on points no worse than p in objectives 1.., by brute force. */
function bruteHighest(coords: Float64Array, dims: number, on: ReadonlyMap<number, number>, p: number): number {
  let best = -1;
  for (const [q, r] of on) {
    let below = true;
    for (let j = 1; j < dims; j++) if (coords[q * dims + j] > coords[p * dims + j]) below = false;
    if (below && r > best) best = r;
  }
  return best;
}

describe("rank tree", () => {
  const caseArb = fc.integer({ min: 1, max: 5 }).chain((dims) =>
    fc.record({
      dims: fc.constant(dims),
      values: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: dims, maxLength: dims * 300 }),
      ranks: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 300, maxLength: 300 }),
    }),
  );

  test("property: as points are switched on one by one, the highest rank below each point equals brute force", () => {
    fc.assert(
      fc.property(caseArb, ({ dims, values, ranks }) => {
        const n = Math.floor(values.length / dims);
        const coords = Float64Array.from(values.slice(0, n * dims));
        const tree = new RankTree(coords, dims, n);
        const on = new Map<number, number>();
        for (let p = 0; p < n; p++) {
          const expected = bruteHighest(coords, dims, on, p);
          expect(tree.highestBelow(p, Infinity)).toBe(expected);
          // with a threshold the search may stop early, but only once the threshold is reached
          const enough = ranks[(p * 7) % ranks.length];
          const capped = tree.highestBelow(p, enough);
          if (expected >= enough) expect(capped).toBeGreaterThanOrEqual(enough);
          else expect(capped).toBe(expected);
          tree.switchOn(p, ranks[p]);
          on.set(p, ranks[p]);
          expect(tree.rank[p]).toBe(ranks[p]);
          expect(tree.highestRank()).toBe(Math.max(...on.values()));
        }
      }),
      { numRuns: 100 },
    );
  });

  test("when the tree is big enough for sampled splits and has many ties, then sampled queries equal brute force", () => {
    let seed = 11;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const dims = 4;
    const n = 12000;
    const coords = Float64Array.from({ length: n * dims }, (_, i) => (i % dims === 1 ? Math.floor(rand() * 5) : Math.floor(rand() * 50)));
    const tree = new RankTree(coords, dims, n);
    const on = new Map<number, number>();
    for (let p = 0; p < n; p++) {
      if (p % 97 === 0) expect(tree.highestBelow(p, Infinity)).toBe(bruteHighest(coords, dims, on, p));
      const r = Math.floor(rand() * 40);
      tree.switchOn(p, r);
      on.set(p, r);
    }
  });

  test("property: when coordinates differ below single precision, then the highest rank still equals brute force", () => {
    // node boxes are single precision, rounded outwards; these values collapse onto a few
    // single-precision numbers, so only the exact row test tells them apart
    const closeArb = fc.integer({ min: 2, max: 4 }).chain((dims) =>
      fc.record({
        dims: fc.constant(dims),
        base: fc.constantFrom(1, -1, 1e-30, 3.4e38, 1e300, 0),
        offsets: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: dims, maxLength: dims * 200 }),
        ranks: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 200, maxLength: 200 }),
      }),
    );
    fc.assert(
      fc.property(closeArb, ({ dims, base, offsets, ranks }) => {
        const n = Math.floor(offsets.length / dims);
        const step = base === 0 ? 1e-50 : Math.abs(base) * 1e-12;
        const coords = Float64Array.from(offsets.slice(0, n * dims), (d) => base + d * step);
        const tree = new RankTree(coords, dims, n);
        const on = new Map<number, number>();
        for (let p = 0; p < n; p++) {
          expect(tree.highestBelow(p, Infinity)).toBe(bruteHighest(coords, dims, on, p));
          tree.switchOn(p, ranks[p]);
          on.set(p, ranks[p]);
        }
      }),
      { numRuns: 100 },
    );
  });

  test("when nothing is switched on, then no point has a rank below it", () => {
    const coords = Float64Array.from([0, 0, 0, 1, 1, 1]);
    const tree = new RankTree(coords, 3, 2);
    expect(tree.highestBelow(1, Infinity)).toBe(-1);
    expect(tree.highestRank()).toBe(-1);
  });
});

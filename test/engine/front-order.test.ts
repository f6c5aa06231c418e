import fc from "fast-check";
import { maskedLexicographicOrder } from "../../src/engine/front-order";
import { flatten, lexicographicOrder } from "../../src/engine/lexicographic-order";

/** The reference: every point in lexicographicOrder, then the masked ones kept. */
function reference(points: number[][], mask: Uint8Array): number[] {
  const { coords, dims } = flatten(points);
  return lexicographicOrder(coords, dims, points.length).filter((i) => mask[i] === 1);
}

/**
 * The bucket order, from coordinates in index order and from the same rows rearranged (point
 * perm[t] at row t, as the skyline tree leaves them): both must agree.
 */
function ordered(points: number[][], mask: Uint8Array): number[] {
  const { coords, dims } = flatten(points);
  const count = mask.reduce((a, b) => a + b, 0);
  const identity = Uint32Array.from(points, (_, i) => i);
  const inOrder = maskedLexicographicOrder(coords, dims, identity, mask, count);
  // a fixed scramble: every third row first, then the others backwards
  const perm = Uint32Array.from([...identity.filter((i) => i % 3 === 0), ...identity.filter((i) => i % 3 !== 0).reverse()]);
  const rows = new Float64Array(coords.length);
  perm.forEach((i, t) => rows.set(coords.subarray(i * dims, (i + 1) * dims), t * dims));
  expect(maskedLexicographicOrder(rows, dims, perm, mask, count)).toEqual(inOrder);
  return inOrder;
}

describe("maskedLexicographicOrder (buckets of objective 0)", () => {
  const valueArb = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -5, max: 5 }) },
    { weight: 6, arbitrary: fc.double({ min: -2, max: 2, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(-0, 0, 1e-310, -1e-310, 1e300, -1e308, 1e308) },
  );
  const caseArb = fc.integer({ min: 1, max: 4 }).chain((dims) =>
    fc.array(fc.record({ point: fc.array(valueArb, { minLength: dims, maxLength: dims }), member: fc.boolean() }), { maxLength: 400 }),
  );

  test("property: with ties, duplicates, both zeros, subnormal and huge ranges, the order equals lexicographicOrder's", () => {
    fc.assert(
      fc.property(caseArb, (rows) => {
        const points = rows.map((r) => r.point);
        const mask = Uint8Array.from(rows, (r) => (r.member ? 1 : 0));
        expect(ordered(points, mask)).toEqual(reference(points, mask));
      }),
      { numRuns: 400 },
    );
  });

  test.each([
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
  ])("when a member holds %s, then the order equals lexicographicOrder's (the radix order of non-finite values)", (_label, special) => {
    const points = [[0.5, 1], [special, 0], [0.25, special], [special, special], [0.5, 0], [-1, 2]];
    const mask = Uint8Array.from([1, 1, 1, 1, 0, 1]);
    expect(ordered(points, mask)).toEqual(reference(points, mask));
  });

  test("when many members share objective 0 (buckets past insertion sort), then ties go by the other objectives, then the index", () => {
    const points = Array.from({ length: 5000 }, (_, i) => [i % 3, (i * 7919) % 101, (i * 104729) % 13]);
    const mask = Uint8Array.from(points, (_, i) => (i % 5 === 0 ? 0 : 1));
    expect(ordered(points, mask)).toEqual(reference(points, mask));
  });

  test("when objective 0 spans more than the largest double (its range overflows), then the order equals lexicographicOrder's", () => {
    const points = [[-1e308], [1e308], [1e-310], [0.6033337035231914]];
    const mask = new Uint8Array(4).fill(1);
    expect(ordered(points, mask)).toEqual([0, 2, 3, 1]);
    expect(ordered(points, mask)).toEqual(reference(points, mask));
  });

  test("when every member is equal, then the order is the index order", () => {
    const points = Array.from({ length: 300 }, () => [0.5, 0.5, 0.5]);
    const mask = new Uint8Array(300).fill(1);
    expect(ordered(points, mask)).toEqual(points.map((_, i) => i));
  });
});

import fc from "fast-check";
import { roundDown, roundUp } from "../../src/engine/single-precision";

describe("outward rounding to single precision", () => {
  test("property: rounding to single precision goes outwards and lands on a single-precision number", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (v) => {
        const down = roundDown(v);
        const up = roundUp(v);
        expect(down).toBeLessThanOrEqual(v);
        expect(up).toBeGreaterThanOrEqual(v);
        expect(Math.fround(down)).toBe(down);
        expect(Math.fround(up)).toBe(up);
        // the nearest ones: nothing single-precision strictly between them and v
        if (down < v && up > v) expect(Math.fround(v) === down || Math.fround(v) === up).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(roundDown(1e300)).toBe(3.4028234663852886e38);
    expect(roundUp(-1e300)).toBe(-3.4028234663852886e38);
    expect(roundDown(-1e-50)).toBeLessThan(0);
    expect(roundUp(1e-50)).toBeGreaterThan(0);
  });
});

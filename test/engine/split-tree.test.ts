import fc from "fast-check";
import { buildSplitTree } from "../../src/engine/split-tree";

describe("split tree (shape of the engine's k-d trees)", () => {
  function checkShape(values: number[], width: number): void {
    const n = width === 0 ? values.length : Math.floor(values.length / width);
    const original = Float64Array.from(values.slice(0, n * width));
    const local = original.slice();
    const tree = buildSplitTree(local, width, n);
    // perm is a permutation, and each row still holds the coordinates of its point
    expect([...tree.perm].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    const expected = new Float64Array(n * width);
    for (let t = 0; t < n; t++) for (let j = 0; j < width; j++) expected[t * width + j] = original[tree.perm[t] * width + j];
    expect(local).toEqual(expected);
    // children split their parent's slice in two, next to each other; leaves cover every row once
    const covered = new Uint8Array(n);
    let deepest = 0;
    const walk: Array<[number, number]> = [[0, 0]];
    expect(tree.start[0]).toBe(0);
    expect(tree.end[0]).toBe(n);
    while (walk.length > 0) {
      const [node, level] = walk.pop()!;
      deepest = Math.max(deepest, level);
      const low = tree.child[node];
      if (low < 0) {
        for (let t = tree.start[node]; t < tree.end[node]; t++) covered[t]++;
        continue;
      }
      const seen = [tree.parent[low], tree.parent[low + 1], tree.start[low], tree.end[low], tree.end[low + 1]];
      expect(seen).toEqual([node, node, tree.start[node], tree.start[low + 1], tree.end[node]]);
      walk.push([low, level + 1], [low + 1, level + 1]);
    }
    expect([...covered].every((c) => c === 1)).toBe(true);
    expect(tree.depth).toBe(deepest);
  }

  test("property: rows keep their coordinates and the nodes partition them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2000 }), (width, values) =>
        checkShape(values, width),
      ),
      { numRuns: 60 },
    );
  });

  test("when ranges are big enough for the sampled split, then the shape still holds and stays shallow", () => {
    let seed = 3;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const values = Array.from({ length: 3 * 30000 }, (_, i) => (i % 3 === 0 ? Math.floor(rand() * 4) : rand()));
    checkShape(values, 3);
    const tree = buildSplitTree(Float64Array.from(values), 3, 30000);
    // each split keeps at least an eighth on each side
    expect(tree.depth).toBeLessThanOrEqual(40);
  });
});

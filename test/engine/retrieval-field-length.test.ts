import { Bm25fIndex, DEFAULT_BM25F, type Bm25fParams, type FieldDocument } from "../../src/engine/retrieval/bm25f-index";

/** One term in a short and in a long parameter text; the same term, once, in both. */
const DOCS: FieldDocument[] = [
  { id: "short", fields: { name: "a", params: "city" } },
  { id: "long", fields: { name: "b", params: "city " + "unit country language format limit offset ".repeat(4) } },
  { id: "other", fields: { name: "c", params: "unit" } },
];

function scores(fieldB?: Bm25fParams["fieldB"]): Record<string, number> {
  const index = new Bm25fIndex(DOCS, { ...DEFAULT_BM25F, fieldB });
  return Object.fromEntries(index.top(new Map([["city", 1]]), 3).map((h) => [index.ids[h.doc], h.score]));
}

describe("BM25F length normalisation per field", () => {
  test("when a field normalises by length, then a term in a long text of that field scores lower", () => {
    const s = scores();
    expect(s.short).toBeGreaterThan(s.long);
  });

  test("when that field's own b is 0, then its length no longer matters", () => {
    const s = scores({ params: 0 });
    expect(s.short).toBeCloseTo(s.long, 6);
  });

  test("when another field's b is changed, then this field's scores stay as they were", () => {
    const base = scores();
    const other = scores({ description: 0 });
    expect(other.short).toBeCloseTo(base.short, 6);
    expect(other.long).toBeCloseTo(base.long, 6);
  });
});

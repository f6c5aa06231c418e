import MiniSearch from "minisearch";

export interface Searchable {
  id: string;
  name: string;
  description: string;
  tags: string[];
}

/** Splits tool names on their separators so `everything.get-sum@host` matches "sum". */
function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/**
 * BM25 retrieval (MiniSearch) over tool names, descriptions and tags. Relevance is the score
 * divided by the best score of the query, so it lies in (0, 1].
 */
export class SearchIndex {
  private readonly index: MiniSearch<Searchable>;

  constructor(docs: readonly Searchable[]) {
    this.index = new MiniSearch<Searchable>({
      fields: ["name", "description", "tags"],
      storeFields: [],
      tokenize,
      extractField: (doc, field) => {
        const value = doc[field as keyof Searchable];
        return Array.isArray(value) ? value.join(" ") : String(value);
      },
      searchOptions: { boost: { name: 2, tags: 1.5 }, prefix: true, fuzzy: 0.15, combineWith: "OR" },
    });
    this.index.addAll(docs);
  }

  /** id → relevance in (0, 1], best matches first, at most `max`. */
  search(query: string, max: number): Map<string, number> {
    const hits = this.index.search(query).slice(0, max);
    const best = hits[0]?.score ?? 1;
    return new Map(hits.map((h) => [String(h.id), h.score / best]));
  }
}

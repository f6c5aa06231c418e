import { DEFAULT_RETRIEVER, ToolRetriever, type RetrieverParams, type ToolDocument } from "./retrieval/tool-retriever";

/** What the index reads of a tool; see ToolDocument. */
export type Searchable = ToolDocument;

/**
 * The engine's search index: BM25F retrieval over every field of every tool (name split into
 * words, description, parameters, tags, server name and description), with query expansion and
 * multi-step fusion (src/engine/retrieval). Relevance is the fused score divided by the best
 * score of the query, so it lies in (0, 1].
 */
export class SearchIndex {
  private readonly retriever: ToolRetriever;

  constructor(docs: readonly Searchable[], params: RetrieverParams = DEFAULT_RETRIEVER) {
    this.retriever = new ToolRetriever(docs, params);
  }

  /** id → relevance in (0, 1], best matches first, at most `max`. */
  search(query: string, max: number): Map<string, number> {
    return this.retriever.search(query, max);
  }
}

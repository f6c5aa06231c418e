/**
 * Finds the tools a task needs: BM25F over every field of every tool, with query expansion,
 * one retrieval per step of a multi-step task, the steps' normalised scores added up, and evidence
 * from the tool's server (a task about "slides" should reach every tool of a presentation
 * server, not only the one whose own description says "slides").
 */
import { Bm25fIndex, DEFAULT_BM25F, type Bm25fParams, type FieldDocument } from "./bm25f-index";
import { planQuery } from "./query-plan";
import { expandQuery } from "./synonyms";
import { Tokenizer } from "./tokenize";

/** A tool as the retriever sees it. Everything but id and name is optional. */
export interface ToolDocument {
  id: string;
  /** Full name; "server.tool" names give the server too. */
  name: string;
  description?: string;
  /** Defaults to the part of the name before the first dot. */
  server?: string;
  serverDescription?: string;
  tags?: readonly string[];
  /** The tool's JSON Schema for arguments: property names and descriptions are indexed. */
  inputSchema?: unknown;
}

export interface RetrieverParams {
  bm25f: Bm25fParams;
  /** Weight of a related term (synonym, abbreviation) against the query's own terms. */
  expansion: number;
  /** Depth of each step's result list that takes part in the fusion. */
  depth: number;
  /** Weight of each step's list against the whole query's (1). */
  stepWeight: number;
  /** Weight of a server's rank for a step, added to each of its tools' fused score. */
  serverWeight: number;
  /** How many of the best servers of each step lend their rank to their tools. */
  serverDepth: number;
  /** Penalty for further hits of one server (0: none); see diversify. */
  diversity: number;
  /** Pseudo-relevance feedback: how many of a step's best tools lend their terms (0: off). */
  feedbackDocs: number;
  /** How many feedback terms join the step's terms. */
  feedbackTerms: number;
  /** Weight of the heaviest feedback term against the query's own terms (1). */
  feedbackWeight: number;
  /**
   * Bonus, against a step's best score (1), for a tool whose name's terms the step holds, in
   * proportion to the share held (related terms count at their weight); 0: off.
   */
  nameCoverage: number;
}


/** Queries with fewer own terms than this get no feedback (see withFeedback). */
export const FEEDBACK_MIN_TERMS = 4;

/** Longest query read; the rest is ignored. */
export const MAX_QUERY_CHARS = 2000;

export const DEFAULT_RETRIEVER: RetrieverParams = {
  bm25f: DEFAULT_BM25F,
  expansion: 0.3,
  depth: 100,
  stepWeight: 0.5,
  serverWeight: 0.5,
  serverDepth: 5,
  diversity: 0,
  // chosen on the tuning half of the bench tasks only, from a small grid (docs 0/3/5/10, terms
  // 5/10/20, weight 0.2/0.3/0.5); the same values win on 4 of 5 cross-validation folds
  feedbackDocs: 3,
  feedbackTerms: 10,
  feedbackWeight: 0.5,
  // chosen by 5-fold cross-validation over the bench tasks (docs/adr/0048-retrieval-generalization.md)
  nameCoverage: 0.2,
};

/** Property names and descriptions of a JSON Schema's top-level properties (bounded). */
export function describeParams(schema: unknown): string {
  if (schema === null || typeof schema !== "object") return "";
  const props = (schema as { properties?: unknown }).properties;
  if (props === null || typeof props !== "object") return "";
  const parts: string[] = [];
  for (const [name, value] of Object.entries(props).slice(0, 64)) {
    parts.push(name);
    const d = value !== null && typeof value === "object" ? (value as { description?: unknown }).description : undefined;
    if (typeof d === "string") parts.push(d.slice(0, 500));
  }
  return parts.join(" ");
}

function serverOf(doc: ToolDocument): string {
  if (doc.server !== undefined) return doc.server;
  const dot = doc.name.indexOf(".");
  return dot > 0 ? doc.name.slice(0, dot) : "";
}

function toolName(doc: ToolDocument): string {
  const at = doc.name.indexOf("@");
  const bare = at > 0 ? doc.name.slice(0, at) : doc.name;
  const dot = bare.indexOf(".");
  return dot >= 0 ? bare.slice(dot + 1) : bare;
}

/** An immutable retriever over a set of tools; rebuild it when the tools change. */
export class ToolRetriever {
  private readonly tools: Bm25fIndex;
  private readonly servers: Bm25fIndex;
  /** Tool position → server position. */
  private readonly serverOfTool: Int32Array;
  /** Tool position → the distinct terms of its own name. */
  /** Tool d's distinct name terms are nameVocab[nameIds[nameStart[d] .. nameStart[d + 1])]: flat, a few bytes per tool. */
  private readonly nameVocab: string[] = [];
  private readonly nameStart: Int32Array;
  private readonly nameIds: Int32Array;

  constructor(docs: readonly ToolDocument[], private readonly params: RetrieverParams = DEFAULT_RETRIEVER) {
    const serverIndex = new Map<string, number>();
    const serverDocs: { id: string; name: string; description: string; tools: string[] }[] = [];
    this.serverOfTool = new Int32Array(docs.length);
    const tokenizer = new Tokenizer();
    const vocab = new Map<string, number>();
    const ids: number[] = [];
    this.nameStart = new Int32Array(docs.length + 1);
    docs.forEach((d, i) => {
      this.nameStart[i] = ids.length;
      for (const t of new Set(tokenizer.tokenize(toolName(d)))) {
        let id = vocab.get(t);
        if (id === undefined) vocab.set(t, (id = this.nameVocab.push(t) - 1));
        ids.push(id);
      }
    });
    this.nameStart[docs.length] = ids.length;
    this.nameIds = Int32Array.from(ids);
    const fieldDocs: FieldDocument[] = docs.map((d, i) => {
      const server = serverOf(d);
      let s = serverIndex.get(server);
      if (s === undefined) {
        serverIndex.set(server, (s = serverDocs.length));
        serverDocs.push({ id: server, name: server, description: d.serverDescription ?? "", tools: [] });
      }
      this.serverOfTool[i] = s;
      const name = toolName(d);
      serverDocs[s].tools.push(name);
      return {
        id: d.id,
        fields: {
          name,
          server,
          description: d.description ?? "",
          params: describeParams(d.inputSchema),
          tags: (d.tags ?? []).join(" "),
          serverDescription: d.serverDescription ?? "",
        },
      };
    });
    this.tools = new Bm25fIndex(fieldDocs, params.bm25f);
    this.servers = new Bm25fIndex(
      serverDocs.map((s) => ({ id: s.id, fields: { server: s.name, serverDescription: s.description, name: s.tools.join(" ") } })),
      params.bm25f,
    );
  }

  get size(): number {
    return this.tools.size;
  }

  /**
   * With `diversity` > 0, the n-th hit of a server already listed has its score divided by
   * 1 + diversity·n, so one server with many similar tools does not fill the whole page.
   */
  private diversify(ranked: [number, number][]): [number, number][] {
    const { diversity } = this.params;
    if (diversity <= 0) return ranked;
    const seen = new Map<number, number>();
    const out = ranked.map(([doc, score]): [number, number] => {
      const server = this.serverOfTool[doc];
      const n = seen.get(server) ?? 0;
      seen.set(server, n + 1);
      return [doc, score / (1 + diversity * n)];
    });
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  /**
   * The step's terms plus terms of its best tools (pseudo-relevance feedback): a task names what
   * it wants in its own words, the best matching tools say it in the catalog's words, and those
   * words find the tools that match the task's intent but not its wording.
   */
  private withFeedback(terms: Map<string, number>): Map<string, number> {
    const { feedbackDocs, feedbackTerms, feedbackWeight } = this.params;
    if (feedbackDocs <= 0 || feedbackTerms <= 0 || feedbackWeight <= 0) return terms;
    // a short query ("echo", "weather paris") names what it wants: feedback would only add
    // tools it did not ask for
    let own = 0;
    for (const w of terms.values()) if (w >= 1) own++;
    if (own < FEEDBACK_MIN_TERMS) return terms;
    const first = this.tools.top(terms, feedbackDocs);
    if (first.length === 0) return terms;
    const docs = first.map((h) => ({ doc: h.doc, weight: h.score / first[0].score }));
    const out = new Map(terms);
    for (const [term, w] of this.tools.feedbackTerms(docs, feedbackTerms, terms)) out.set(term, w * feedbackWeight);
    return out;
  }

  /** Share of the tool's name terms among the weighted terms (each counted at most once). */
  private coverage(doc: number, terms: ReadonlyMap<string, number>): number {
    const from = this.nameStart[doc];
    const to = this.nameStart[doc + 1];
    if (to === from) return 0;
    let sum = 0;
    for (let i = from; i < to; i++) sum += Math.min(1, terms.get(this.nameVocab[this.nameIds[i]]) ?? 0);
    return sum / (to - from);
  }

  /** id → relevance in (0, 1] (1 for the best match), best first, at most `max`. */
  search(query: string, max: number): Map<string, number> {
    // a pasted document is not a better query than its first paragraphs, and must not stall
    // the event loop: the library and search_tools take queries of any length
    query = query.slice(0, MAX_QUERY_CHARS);
    const { depth, stepWeight, expansion, serverWeight, serverDepth, nameCoverage } = this.params;
    const fused = new Map<number, number>();
    const serverBonus = new Map<number, number>();
    // scores, not ranks, are fused (each list divided by its best score): equally relevant
    // tools keep equal scores and a clear gap stays a gap, which the relevance bands rely on
    planQuery(query).forEach((step, i) => {
      const weight = i === 0 ? 1 : stepWeight;
      // feedback on the whole query only: a step's few words give too little to feed back on
      const terms = i === 0 ? this.withFeedback(expandQuery(step, expansion)) : expandQuery(step, expansion);
      const hits = this.tools.top(terms, Math.max(depth, max));
      if (hits.length === 0) return;
      // a tool whose whole name the step asks for ("save ... file" and write_file) is what the
      // step wants, even where a rarer word of the step matches another tool's description
      for (const hit of hits) {
        const score = hit.score / hits[0].score + nameCoverage * this.coverage(hit.doc, terms);
        fused.set(hit.doc, (fused.get(hit.doc) ?? 0) + weight * score);
      }
      if (serverWeight <= 0 || serverDepth <= 0) return;
      const servers = this.servers.top(terms, serverDepth);
      for (const hit of servers) serverBonus.set(hit.doc, (serverBonus.get(hit.doc) ?? 0) + (weight * serverWeight * hit.score) / servers[0].score);
    });
    if (fused.size === 0) return new Map();
    // a server that fits a step lends its score to its tools that matched the query themselves:
    // a task about "slides" lifts every matching tool of a presentation server
    for (const [doc, score] of fused) fused.set(doc, score + (serverBonus.get(this.serverOfTool[doc]) ?? 0));
    const ranked = this.diversify([...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0])).slice(0, max);
    const best = ranked[0][1];
    return new Map(ranked.map(([doc, score]) => [this.tools.ids[doc], score / best]));
  }
}

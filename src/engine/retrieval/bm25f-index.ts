/**
 * BM25F over a tool's fields. Each field's term frequency is normalised by that field's length
 * and weighted before saturation (Robertson & Zaragoza, "The Probabilistic Relevance Framework:
 * BM25 and Beyond", 2009), so a word in a tool's name counts more than the same word deep in a
 * parameter description, without long descriptions drowning short names. Everything that does
 * not depend on the query (the saturated, idf-weighted score of each term in each document) is
 * computed at build time; a query only adds up posting lists, which keeps it well under a
 * millisecond per term at 100 000 tools.
 */
import { Tokenizer } from "./tokenize";

export const FIELDS = ["name", "server", "description", "params", "tags", "serverDescription"] as const;
export type FieldName = (typeof FIELDS)[number];

/** One document: its id and the text of each field (missing fields are empty). */
export interface FieldDocument {
  id: string;
  fields: Partial<Record<FieldName, string>>;
}

export interface Bm25fParams {
  /** Weight of each field's (length-normalised) term frequency. */
  weights: Record<FieldName, number>;
  /** Length normalisation, 0 (none) to 1 (full), for every field without its own in fieldB. */
  b: number;
  /** Length normalisation of particular fields (BM25F normalises each field by its own length). */
  fieldB?: Partial<Record<FieldName, number>>;
  /** Saturation of the combined term frequency. */
  k1: number;
}

/** Generic defaults: names and tags are concentrated evidence, parameters and server text diffuse. */
export const DEFAULT_BM25F: Bm25fParams = {
  weights: { name: 3, server: 1.5, description: 1, params: 0.4, tags: 1.5, serverDescription: 0.4 },
  b: 0.75,
  k1: 1.2,
};

interface Postings {
  docs: Int32Array;
  scores: Float32Array;
}

/** Catalogs from this size on skip very common query terms (see top). */
const PRUNE_FROM = 10_000;

/** A scored document position, best first once sorted. */
export interface Hit {
  doc: number;
  score: number;
}

/** An immutable BM25F index; rebuild it when the documents change. */
export class Bm25fIndex {
  readonly ids: string[];
  private readonly postings = new Map<string, Postings>();
  /** Per-query score accumulator, all zeros between queries (queries are synchronous). */
  private readonly acc: Float64Array;
  /** Per-query list of the documents with a score. */
  private readonly touched: Int32Array;
  /** Forward index for feedback: document d's terms are docTerms[docStart[d] .. docStart[d + 1]). */
  private readonly docStart: Int32Array;
  private readonly docTerms: Int32Array;
  private readonly docScores: Float32Array;
  private readonly terms: string[];

  constructor(docs: readonly FieldDocument[], params: Bm25fParams = DEFAULT_BM25F) {
    this.ids = docs.map((d) => d.id);
    const tokenizer = new Tokenizer();
    const fieldCount = FIELDS.length;
    // one tokenizing pass records (term id, field, count) per document and each field's length;
    // the second pass, which needs the average lengths, works on those numbers only
    const termIds = new Map<string, number>();
    const terms: string[] = [];
    const entryTerm: number[] = [];
    const entryField: number[] = [];
    const entryCount: number[] = [];
    const docStart = new Int32Array(docs.length + 1);
    const lengths = new Int32Array(docs.length * fieldCount);
    const totals = new Float64Array(fieldCount);
    const counts = new Map<number, number>();
    docs.forEach((d, doc) => {
      docStart[doc] = entryTerm.length;
      for (let f = 0; f < fieldCount; f++) {
        const text = d.fields[FIELDS[f]];
        if (!text || params.weights[FIELDS[f]] === 0) continue;
        const tokens = tokenizer.tokenize(text);
        lengths[doc * fieldCount + f] = tokens.length;
        totals[f] += tokens.length;
        counts.clear();
        for (const t of tokens) {
          let id = termIds.get(t);
          if (id === undefined) {
            termIds.set(t, (id = terms.length));
            terms.push(t);
          }
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        for (const [id, c] of counts) {
          entryTerm.push(id);
          entryField.push(f);
          entryCount.push(c);
        }
      }
    });
    docStart[docs.length] = entryTerm.length;
    const avg = Array.from(totals, (t) => Math.max(1, t / Math.max(1, docs.length)));
    const b = FIELDS.map((f) => params.fieldB?.[f] ?? params.b);
    const lists: { docs: number[]; tfw: number[] }[] = terms.map(() => ({ docs: [], tfw: [] }));
    const tfw = new Map<number, number>();
    for (let doc = 0; doc < docs.length; doc++) {
      tfw.clear();
      for (let e = docStart[doc]; e < docStart[doc + 1]; e++) {
        const f = entryField[e];
        const norm = params.weights[FIELDS[f]] / (1 - b[f] + (b[f] * lengths[doc * fieldCount + f]) / avg[f]);
        tfw.set(entryTerm[e], (tfw.get(entryTerm[e]) ?? 0) + norm * entryCount[e]);
      }
      for (const [id, w] of tfw) {
        lists[id].docs.push(doc);
        lists[id].tfw.push(w);
      }
    }
    const n = docs.length;
    const forward = new Int32Array(n + 1);
    for (const list of lists) for (const d of list.docs) forward[d + 1]++;
    for (let d = 0; d < n; d++) forward[d + 1] += forward[d];
    const fill = forward.slice(0, n);
    this.docStart = forward;
    this.docTerms = new Int32Array(forward[n]);
    this.docScores = new Float32Array(forward[n]);
    this.terms = terms;
    for (let id = 0; id < terms.length; id++) {
      const list = lists[id];
      const term = terms[id];
      const df = list.docs.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const scores = new Float32Array(df);
      for (let i = 0; i < df; i++) {
        scores[i] = (idf * list.tfw[i] * (params.k1 + 1)) / (params.k1 + list.tfw[i]);
        const at = fill[list.docs[i]]++;
        this.docTerms[at] = id;
        this.docScores[at] = scores[i];
      }
      this.postings.set(term, { docs: Int32Array.from(list.docs), scores });
    }
    this.acc = new Float64Array(n);
    this.touched = new Int32Array(n);
  }

  get size(): number {
    return this.ids.length;
  }

  /** True when the term occurs in some document. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  /**
   * Terms that characterise a set of documents (pseudo-relevance feedback): each document's
   * terms weighted by their BM25F score in it and by the document's weight, summed; the `count`
   * heaviest terms not in `exclude`, their weights scaled so the heaviest is 1. Terms in more than
   * `maxShare` of all documents are left out: they say nothing about what the documents are for.
   */
  feedbackTerms(docs: readonly { doc: number; weight: number }[], count: number, exclude: ReadonlyMap<string, number>, maxShare = 0.1): Map<string, number> {
    const sums = new Map<number, number>();
    const common = Math.max(1, this.ids.length * maxShare);
    for (const { doc, weight } of docs) {
      for (let e = this.docStart[doc]; e < this.docStart[doc + 1]; e++) {
        const id = this.docTerms[e];
        sums.set(id, (sums.get(id) ?? 0) + weight * this.docScores[e]);
      }
    }
    const ranked = [...sums]
      .filter(([id]) => !exclude.has(this.terms[id]) && this.postings.get(this.terms[id])!.docs.length <= common)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, count);
    const top = ranked.length > 0 ? ranked[0][1] : 1;
    return new Map(ranked.map(([id, w]) => [this.terms[id], w / top]));
  }

  /**
   * The `k` best documents for weighted query terms, best first (ties by position). From PRUNE_FROM
   * documents on, a term in more than half of them is skipped when the query has rarer ones: its idf adds
   * almost nothing to any score, and its posting list would be most of a query's work.
   */
  top(terms: ReadonlyMap<string, number>, k: number): Hit[] {
    const lists: [Postings, number][] = [];
    for (const [term, weight] of terms) {
      const p = this.postings.get(term);
      if (p) lists.push([p, weight]);
    }
    // only where it matters: in a small catalog a word in half the tools still tells them apart
    const common = this.ids.length >= PRUNE_FROM ? this.ids.length / 2 : Infinity;
    const selective = lists.filter(([p]) => p.docs.length <= common);
    const touched = this.touched;
    let count = 0;
    const acc = this.acc;
    for (const [p, weight] of selective.length > 0 ? selective : lists) {
      const { docs, scores } = p;
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i];
        // scores are positive, so 0 means "not seen yet in this query"
        if (acc[d] === 0) touched[count++] = d;
        acc[d] += weight * scores[i];
      }
    }
    const hits = selectTop(touched, count, acc, k);
    for (let i = 0; i < count; i++) acc[touched[i]] = 0;
    return hits;
  }
}

/** The k highest scores among `docs`, by a bounded min-heap: O(n log k) rather than a full sort. */
function selectTop(docs: Int32Array, count: number, score: Float64Array, k: number): Hit[] {
  const heap: Hit[] = [];
  const worse = (a: Hit, b: Hit) => a.score < b.score || (a.score === b.score && a.doc > b.doc);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l], heap[m])) m = l;
      if (r < heap.length && worse(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (let j = 0; j < count; j++) {
    const doc = docs[j];
    const value = score[doc];
    if (heap.length < k) {
      heap.push({ doc, score: value });
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i], heap[parent])) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    } else if (k > 0 && (value > heap[0].score || (value === heap[0].score && doc < heap[0].doc))) {
      heap[0] = { doc, score: value };
      down(0);
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.doc - b.doc);
}

/**
 * Query expansion: general software and everyday vocabulary that tool descriptions and task
 * wordings use interchangeably, plus common abbreviations. A query term brings the other
 * members of its groups in at a lower weight, so an exact word still wins. The table is generic
 * on purpose (no product or benchmark-specific entries); see docs/adr/0016-lexical-bm25f.md.
 */
import { stem } from "./stem";
import { tokenize } from "./tokenize";

const GROUPS: readonly string[] = [
  "document doc docs docx word",
  "presentation slides slide ppt pptx powerpoint deck",
  "spreadsheet excel xlsx sheet csv table",
  "pdf portable",
  "image picture photo pic img png jpg jpeg",
  "directory folder dir",
  "file files path",
  "repository repo",
  "bitcoin btc crypto cryptocurrency coin",
  "ethereum eth",
  "database db sql",
  "message msg chat",
  "information info details",
  "javascript js node npm",
  "typescript ts",
  "python py pip pypi",
  "kubernetes k8s",
  "markdown md",
  "url link href",
  "website site webpage page html web",
  "browser navigate browse click",
  "screenshot capture snapshot",
  "stock stocks ticker share equity",
  "price prices quote cost",
  "market trading finance financial",
  "weather forecast temperature",
  "location place geocode coordinates",
  "map maps route directions",
  "calculate compute calculator math",
  "email mail inbox",
  "delete remove erase",
  "create generate new build produce draft compose",
  "write save store output",
  "read open load view",
  "fetch retrieve download obtain",
  "search find lookup query look",
  "list enumerate ls",
  "convert transform export",
  "compare comparison diff difference",
  "summary summarize summarise overview brief",
  "chart graph plot visualize visualization diagram",
  "translate translation language",
  "news headline headlines article articles",
  "trending trend trends popular hot hottest rank ranking top",
  "time clock now today current date",
  "calendar date schedule",
  "video youtube",
  "paper papers arxiv research academic scholar",
  "wikipedia wiki encyclopedia",
  "github git",
  "documentation docs manual reference api",
  "library package dependency dependencies",
  "version versions latest release",
  "currency exchange forex",
  "merge combine join",
  "text content",
  "game games gaming",
];

/** term → related terms (stemmed, without the term itself). */
function buildTable(): Map<string, string[]> {
  const table = new Map<string, Set<string>>();
  for (const group of GROUPS) {
    const terms = [...new Set(group.split(" ").map((w) => stem(w.toLowerCase())))];
    for (const t of terms) {
      const set = table.get(t) ?? new Set<string>();
      for (const other of terms) if (other !== t) set.add(other);
      table.set(t, set);
    }
  }
  return new Map([...table].map(([k, v]) => [k, [...v]]));
}

/** Built once: the table is constant. */
const TABLE = buildTable();

/** Terms related to an index term (already stemmed); empty when none. */
export function relatedTerms(term: string): readonly string[] {
  return TABLE.get(term) ?? [];
}

/** Terms of a query with their weights: its own terms at 1, related ones at `weight`. */
export function expandQuery(text: string, weight: number): Map<string, number> {
  const out = new Map<string, number>();
  const own = tokenize(text);
  for (const t of own) out.set(t, (out.get(t) ?? 0) + 1);
  for (const t of own) {
    for (const r of relatedTerms(t)) if (!out.has(r) || (out.get(r) ?? 0) < weight) out.set(r, Math.max(out.get(r) ?? 0, weight));
  }
  return out;
}

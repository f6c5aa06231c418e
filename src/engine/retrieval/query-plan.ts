/**
 * Multi-step tasks ("find the trending repos, then write a summary to a file") need several
 * tools, and one bag of words favours whichever step has the rarest words. The task is split
 * into steps at sentence ends, commas, semicolons and sequencing words, so each step can
 * retrieve its own tools; the whole query stays the first step.
 */
import { tokenize } from "./tokenize";

/** Sentence ends, commas, semicolons, colons (ASCII and full-width) and sequencing words. */
const SPLIT =
  /[.!?;:,。！？；：，、\n]+(?=\s|$|[^\d])|\s(?:and then|and|then|after that|afterwards|finally|next|also|plus|as well as)\s|然后|并且|以及|接着|最后/giu;

/** At most this many steps, so a pasted essay cannot multiply the cost of a query. */
const MAX_STEPS = 8;

const URL_RE = /\bhttps?:\/\/([\w.-]+)[^\s]*/gi;
/** Unix or Windows paths (two segments or more), and file names with a short extension. */
const PATH = /(?:~|\.{1,2})?(?:[\/\\][\w.@+-]*[\w@+-]){2,}|[A-Za-z]:\\[\w\\.-]+|\b[\w-]+\.(?:txt|md|pdf|docx?|pptx?|xlsx?|csv|json|html?|xml|ya?ml|py|ipynb|png|jpe?g|gif|svg|mp3|mp4|wav|zip|bib|log)\b(?![.\w])/gi;

/**
 * A path in a task says "a file" (and its extension says which kind), not the words of its
 * directories: "/root/html/ai.html" becomes "file html" rather than "root html ai html". A URL
 * keeps the words of its host ("youtube"), not its query string.
 */
export function describePaths(query: string): string {
  return query
    .replace(URL_RE, (_url, host: string) => ` url ${host.replace(/^www\./, "").replace(/\.[a-z]+$/, "").replace(/\./g, " ")} `)
    .replace(PATH, (path) => {
      const ext = /\.([A-Za-z][A-Za-z0-9]{0,4})$/.exec(path)?.[1];
      return ext ? ` file ${ext.toLowerCase()} ` : " directory ";
    });
}

/** The query first, then its steps (each with at least one index term), when there are two or more. */
export function planQuery(query: string): string[] {
  query = describePaths(query);
  const steps = query
    .split(SPLIT)
    .map((s) => s.trim())
    .filter((s) => tokenize(s).length > 0);
  const unique = [...new Set(steps)].slice(0, MAX_STEPS);
  return unique.length > 1 ? [query, ...unique] : [query];
}

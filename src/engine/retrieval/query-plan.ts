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

/** The query first, then its steps (each with at least one index term), when there are two or more. */
export function planQuery(query: string): string[] {
  const steps = query
    .split(SPLIT)
    .map((s) => s.trim())
    .filter((s) => tokenize(s).length > 0);
  const unique = [...new Set(steps)].slice(0, MAX_STEPS);
  return unique.length > 1 ? [query, ...unique] : [query];
}

/**
 * A light English stemmer for tool retrieval: it folds inflections (plurals, -ing, -ed) and a
 * few derivational suffixes (-ation, -ment, -ize, -er...) so "converting", "converts" and
 * "conversion" meet in one term. Deliberately conservative: a wrong merge costs precision on
 * every query, a missed one only some recall. Words of other scripts and short words pass through.
 */

const VOWEL = /[aeiouy]/;

/** Suffix → replacement, tried longest first; the remaining stem must keep a vowel and 3 letters. */
const DERIVATIONAL: readonly (readonly [string, string])[] = [
  ["ifications", "ify"],
  ["ification", "ify"],
  ["arisons", "are"],
  ["arison", "are"],
  ["izations", "ize"],
  ["ization", "ize"],
  ["ational", "ate"],
  ["fulness", "ful"],
  ["iveness", "ive"],
  ["ousness", "ous"],
  ["ations", "ate"],
  ["ation", "ate"],
  ["ments", ""],
  ["ment", ""],
  ["ities", ""],
  ["ity", ""],
  ["ically", "ic"],
  ["ical", "ic"],
  ["ness", ""],
  ["ators", "ate"],
  ["ator", "ate"],
  ["ions", ""],
  ["ion", ""],
  ["ers", ""],
  ["er", ""],
  ["ly", ""],
];

function hasVowel(s: string): boolean {
  return VOWEL.test(s);
}

/** Removes an inflection: plural -s/-es/-ies, -ing, -ed (with the doubled consonant undone). */
function inflection(w: string): string {
  if (w.endsWith("ies") && w.length > 4) return w.slice(0, -3) + "y";
  if (w.endsWith("sses")) return w.slice(0, -2);
  if (/(?:ch|sh|x|z)es$/.test(w) && w.length > 4) return w.slice(0, -2);
  if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is") && w.length > 3) w = w.slice(0, -1);
  for (const suffix of ["ing", "ed"]) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    if (stem.length < 3 || !hasVowel(stem)) continue;
    // running → run, stopped → stop; but "add" + "ed" keeps its double d
    if (/([b-df-hj-np-tv-z])\1$/.test(stem) && !/(?:ll|ss|zz|ff|dd)$/.test(stem)) return stem.slice(0, -1);
    return stem;
  }
  return w;
}

/**
 * Spelling variants that meet before the suffixes go: British -ise as -ize ("summarise",
 * "organising"), -ysis as -yze ("analysis" with "analyze"), and -scribe as -script ("describe"
 * with "description", "transcribe" with "transcript").
 */
function variants(w: string): string {
  return w
    .replace(/is(e|es|ed|ing|ation|ations|er|ers)$/, "iz$1")
    .replace(/ys(is|es|e|ed|ing)$/, (_m, end: string) => (end === "is" ? "yze" : `yz${end}`))
    .replace(/scrib(?:e|es|ed|ing)$/, "script");
}

/** Words ending in a consonant + "at" that are not an -ate verb with its ending cut. */
const KEEP_AT = new Set(["format", "combat", "thermostat", "habitat", "diplomat", "acrobat", "democrat", "aristocrat"]);

/** Stems one lower-case token; tokens with non-Latin letters or digits are returned as they are. */
export function stem(token: string): string {
  if (token.length <= 3 || !/^[a-z]+$/.test(token)) return token;
  let w = inflection(variants(token));
  for (const [suffix, replacement] of DERIVATIONAL) {
    if (!w.endsWith(suffix)) continue;
    const base = w.slice(0, -suffix.length);
    if (base.length >= 3 && hasVowel(base)) w = base + replacement;
    break;
  }
  // trailing e: "create"/"creat" and "compare"/"compar" meet
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  // -ate verbs and -ation nouns of other verbs: "translat" → "transl" like "recommendat" →
  // "recommend"; a vowel before "at" ("creat", "repeat") or a short word ("updat") keeps it
  if (w.length >= 6 && /[^aeiouy]at$/.test(w) && !KEEP_AT.has(w)) w = w.slice(0, -2);
  return w;
}

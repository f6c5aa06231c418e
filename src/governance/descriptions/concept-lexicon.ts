import { DE, EN, ES, FR, PT } from "./concept-terms-latin";
import { JA, RU, ZH } from "./concept-terms-other";

/**
 * Concepts for clause-level directive analysis, per language (en, zh, es, de, fr, ja, ru, pt):
 * single words and stems, not phrases. A directive is recognised by the concepts a clause
 * combines ("discard" + "instructions" + "earlier"), so a paraphrase that keeps the meaning
 * keeps the combination whatever its word order, register or grammatical form.
 *
 * Entries are regular-expression sources. In spaced languages an entry is matched at a word
 * start and must end at a word end, unless it ends in `*` (a stem: any inflection follows).
 */

export type Concept =
  | "discard"
  | "guidance"
  | "prior"
  | "user"
  | "tell"
  | "learn"
  | "confirm"
  | "negation"
  | "keepSecret"
  | "say"
  | "that"
  | "claim"
  | "reply"
  | "append"
  | "ours"
  | "remove"
  | "all"
  | "data"
  | "personal"
  | "others"
  | "badQuality"
  | "thisTool"
  | "instead"
  | "copyTo"
  | "imperativeForm"
  | "always"
  | "everything"
  | "reliable";

export type Entries = Partial<Record<Concept, string[]>>;



export const CONCEPT_LEXICONS = { en: EN, zh: ZH, es: ES, de: DE, fr: FR, ja: JA, ru: RU, pt: PT } as const;

/** One regular expression per concept over every language. */
/**
 * Latin letters without their accents ("précédentes" → "precedentes"), as identifiers and
 * careless writers spell them. Other scripts are left alone: their marks are letters
 * (Cyrillic "й", Japanese "で").
 */
export function foldLatinAccents(text: string): string {
  return text.normalize("NFD").replace(/(\p{Script=Latin})\p{M}+/gu, "$1").normalize("NFC");
}

export function compileConcepts(): Record<Concept, RegExp> {
  const concepts = new Set<Concept>();
  for (const lex of Object.values(CONCEPT_LEXICONS)) for (const c of Object.keys(lex) as Concept[]) concepts.add(c);
  const out = {} as Record<Concept, RegExp>;
  for (const concept of concepts) {
    const spaced: string[] = [];
    const cjk: string[] = [];
    for (const [lang, lex] of Object.entries(CONCEPT_LEXICONS) as [string, Entries][]) {
      for (const src of lex[concept] ?? []) {
        if (lang === "zh" || lang === "ja") cjk.push(`(?:${src})`);
        else if (foldLatinAccents(src) !== src) spaced.push(...[src, foldLatinAccents(src)].map((e) => (e.endsWith("*") ? `(?:${e.slice(0, -1)})` : `(?:${e})(?![\\p{L}\\p{N}_])`)));
        else spaced.push(src.endsWith("*") ? `(?:${src.slice(0, -1)})` : `(?:${src})(?![\\p{L}\\p{N}_])`);
      }
    }
    const parts = [...(spaced.length ? [`(?<![\\p{L}\\p{N}_])(?:${spaced.join("|")})`] : []), ...cjk];
    out[concept] = new RegExp(parts.join("|"), "iu");
  }
  return out;
}

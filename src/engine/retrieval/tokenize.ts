/**
 * Text → index terms, the same for documents and queries: identifiers split into words
 * (snake_case, camelCase, dots, dashes, digits), Unicode letters of every script, CJK runs as
 * overlapping bigrams (no spaces between words there), English stop words dropped and the rest
 * stemmed.
 */
import { stem } from "./stem";

/** Function words that carry no meaning for finding a tool. Kept short on purpose. */
const STOP_WORDS = new Set(
  (
    "a an the and or but if then else of to in on at by for from with without into onto about as is are was were be been " +
    "being am do does did doing have has had having i me my mine we us our you your he she it its they them their this " +
    "that these those there here what which who whom whose when where why how all any each every some such no nor not " +
    "only own same so than too very can could will would shall should may might must just also please help need want " +
    "let like get give tell show make using use via based while after before over under again further more most other " +
    "out up down off one two three"
  ).split(" "),
);

/** Han, Hiragana, Katakana, Hangul: scripts written without spaces, indexed as bigrams. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CHUNKS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{M}\p{N}]+/gu;

/** Splits one identifier-like chunk: "getHTMLPage2" → get, html, page, 2. */
export function splitWords(chunk: string): string[] {
  return chunk
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .replace(/(\p{L})(\p{N})/gu, "$1 $2")
    .replace(/(\p{N})(\p{L})/gu, "$1 $2")
    .split(" ")
    .filter((w) => w.length > 0);
}

function cjkTerms(run: string, out: string[]): void {
  const chars = [...run];
  if (chars.length === 1) out.push(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
}

/** Words of a text, lower-cased but neither stemmed nor filtered (used to split queries). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(CHUNKS)) {
    const chunk = m[0];
    if (CJK.test(chunk)) cjkTerms(chunk, out);
    else for (const w of splitWords(chunk)) out.push(w.toLowerCase());
  }
  return out;
}

/** True for a word the index ignores. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Index terms of a text: words without stop words, stemmed. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOP_WORDS.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

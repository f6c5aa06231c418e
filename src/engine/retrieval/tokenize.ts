/**
 * Text → index terms, the same for documents and queries: identifiers split into words
 * (snake_case, camelCase, dots, dashes, digits), Unicode letters of every script, CJK runs as
 * overlapping bigrams (no spaces between words there), English stop words dropped and the rest
 * stemmed.
 */
import { glossCjk } from "./cjk-gloss";
import { stem } from "./stem";
import { CJK_STOP_CHARS, STOP_WORDS } from "./stop-words";

/** Han, Hiragana, Katakana, Hangul: scripts written without spaces, indexed as bigrams. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CHUNKS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{M}\p{N}]+/gu;

/** Splits one identifier-like chunk: "getHTMLPage2" → get, html, page, 2. */
export function splitWords(chunk: string): string[] {
  if (/^[a-z]+$/.test(chunk)) return [chunk];
  return chunk
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .replace(/(\p{L})(\p{N})/gu, "$1 $2")
    .replace(/(\p{N})(\p{L})/gu, "$1 $2")
    .split(" ")
    .filter((w) => w.length > 0);
}

/** Bigrams of a CJK run, split first at particles ("我的文件" → 我, 文件): they join no word. */
function cjkTerms(run: string, out: string[]): void {
  let part: string[] = [];
  const flush = () => {
    if (part.length === 1) out.push(part[0]);
    for (let i = 0; i + 1 < part.length; i++) out.push(part[i] + part[i + 1]);
    part = [];
  };
  for (const ch of run) {
    if (CJK_STOP_CHARS.has(ch)) flush();
    else part.push(ch);
  }
  flush();
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
  return new Tokenizer().tokenize(text);
}

/** Chunks remembered by one Tokenizer; past this, new chunks are processed but not kept. */
const MEMO_LIMIT = 200_000;

/**
 * tokenize() with a memory of the chunks it has seen: tool catalogs repeat the same words and
 * identifiers thousands of times, and splitting plus stemming dominates building an index.
 * One instance per index, so nothing is shared between indexes.
 */
export class Tokenizer {
  private readonly memo = new Map<string, readonly string[]>();

  tokenize(text: string): string[] {
    const out: string[] = [];
    // a scan by character code: matchAll over Unicode classes dominated index builds
    let start = -1;
    let cjk = false;
    for (let i = 0; i <= text.length; i++) {
      const kind = i < text.length ? charKind(text, i) : SEPARATOR;
      if (start >= 0 && (kind === SEPARATOR || (kind === CJK_CHAR) !== cjk)) {
        this.emit(text.slice(start, i), out);
        start = -1;
      }
      if (start < 0 && kind !== SEPARATOR) {
        start = i;
        cjk = kind === CJK_CHAR;
      }
    }
    return out;
  }

  private emit(chunk: string, out: string[]): void {
    let terms = this.memo.get(chunk);
    if (!terms) {
      terms = chunkTerms(chunk);
      if (this.memo.size < MEMO_LIMIT) this.memo.set(chunk, terms);
    }
    for (const t of terms) out.push(t);
  }
}

const SEPARATOR = 0;
const WORD_CHAR = 1;
const CJK_CHAR = 2;
const WORD = /[\p{L}\p{M}\p{N}]/u;

/** ASCII by code; anything else by Unicode class (surrogate halves count as word characters). */
function charKind(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? WORD_CHAR : SEPARATOR;
  if (c >= 0xd800 && c <= 0xdfff) return WORD_CHAR;
  const ch = text[i];
  if (CJK.test(ch)) return CJK_CHAR;
  return WORD.test(ch) ? WORD_CHAR : SEPARATOR;
}

function chunkTerms(chunk: string): string[] {
  const out: string[] = [];
  if (CJK.test(chunk)) {
    cjkTerms(chunk, out);
    // English glosses of known words: Chinese descriptions meet English tasks, and back
    for (const w of glossCjk(chunk)) if (!STOP_WORDS.has(w)) out.push(stem(w));
    return out;
  }
  for (const w of splitWords(chunk)) {
    const lower = w.toLowerCase();
    // single Latin letters ("s" of "today's") carry nothing; single digits and other scripts may
    if (STOP_WORDS.has(lower) || (lower.length === 1 && lower >= "a" && lower <= "z")) continue;
    out.push(stem(lower));
  }
  return out;
}

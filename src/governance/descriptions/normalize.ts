/**
 * Text normalization for description analysis: what a model reads, not how it is spelled.
 * Invisible characters go, compatibility forms fold (NFKC: full-width, ligatures, mathematical
 * letters), and letters from other scripts that look Latin map to the Latin ones.
 */

/** Zero-width, soft hyphen, bidi controls, variation selectors, tag characters, joiners. */
export const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]|[\u{E0000}-\u{E007F}]|[\u{E0100}-\u{E01EF}]/gu;

/** Cyrillic, Greek and other letters that render like Latin ones. */
const CONFUSABLES: Record<string, string> = {
  а: "a", в: "b", е: "e", ё: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x",
  і: "i", ї: "i", ј: "j", ѕ: "s", ԁ: "d", һ: "h", ӏ: "l", ԛ: "q", ԝ: "w", ү: "y", ɡ: "g", ı: "i", ℓ: "l",
  А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", У: "Y", Х: "X", І: "I", Ј: "J", Ѕ: "S",
  α: "a", ο: "o", ρ: "p", ι: "i", κ: "k", ν: "v", τ: "t", υ: "u", χ: "x", ε: "e", γ: "y", ω: "w",
  Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T", Υ: "Y", Χ: "X",
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join("")}]`, "u");
const CONFUSABLE_ALL = new RegExp(`[${Object.keys(CONFUSABLES).join("")}]`, "gu");
const WORD = /[\p{L}\p{M}]+/gu;
const LATIN = /\p{Script=Latin}/u;

/** Removes invisible characters and folds compatibility forms. */
export function foldText(text: string): string {
  // "№ 4471" would fold to "No 4471", which reads as a negation: it is a number sign
  return text.replace(INVISIBLE, "").replace(/\u2116/gu, "#").normalize("NFKC");
}

function latinShare(text: string): number {
  let letters = 0;
  let latin = 0;
  for (const ch of text) {
    if (/\p{L}/u.test(ch)) {
      letters++;
      if (LATIN.test(ch)) latin++;
    }
  }
  return letters === 0 ? 0 : latin / letters;
}

function allConfusable(word: string): boolean {
  for (const ch of word) if (!(ch in CONFUSABLES) && !/\p{M}/u.test(ch)) return false;
  return true;
}

/**
 * Maps look-alike letters to Latin: in every word that mixes scripts, and in the whole text
 * when it is mostly Latin (a word spelled entirely in Cyrillic look-alikes inside English).
 * Mostly-Cyrillic or Greek text keeps its words, so Russian is still read as Russian.
 */
export function mapConfusables(text: string): string {
  if (!CONFUSABLE_RE.test(text)) return text;
  const mostlyLatin = latinShare(text) > 0.5;
  // a word with letters no Latin letter looks like ("й", "п", "ж") is a real Cyrillic or Greek
  // word, even inside English text: only mixed words and all-look-alike words are mapped
  return text.replace(WORD, (w) => (LATIN.test(w) || (mostlyLatin && allConfusable(w)) ? w.replace(CONFUSABLE_ALL, (c) => CONFUSABLES[c] ?? c) : w));
}

/** Letters spelled out one by one ("i g n o r e", "i.g.n.o.r.e") joined back into words. */
export function joinSpacedLetters(text: string): string {
  // only text that clearly spells words out is re-read, and then short words too
  if (!/(?<![\p{L}])\p{L}(?:[ .\-_*]\p{L}(?![\p{L}])){5,}/u.test(text)) return text;
  const joined = text.replace(/(?<![\p{L}])\p{L}(?:[ .\-_*]\p{L}(?![\p{L}])){1,}/gu, (run) => run.replace(/[ .\-_*]/g, ""));
  return joined === text ? text : joined.replace(/[ \t]{2,}/g, " ");
}

/**
 * Text spelled out one character at a time with wider gaps between words
 * ("r m   - r f   ~ / D o c s"): every character counts, punctuation and paths included, so
 * single spaces go and wider gaps become word breaks. Uniformly spaced runs are left to
 * {@link joinSpacedLetters}, which cannot tell where words end.
 */
export function despaceText(text: string): string {
  return text.replace(/(?<!\S)\S(?: {1,4}\S(?!\S)){5,}/gu, (run) => (/\S {2,}\S/.test(run) && /\S \S/.test(run) ? run.split(/ {2,}/).map((w) => w.replace(/ /g, "")).join(" ") : run));
}

/** The text a model effectively reads: folded, look-alikes mapped. */
export function normalizeText(text: string): string {
  return mapConfusables(foldText(text));
}

/**
 * A name's skeleton, for comparing tool names the way a reader does: folded, look-alikes
 * mapped, `i`/`I`/`l`/`1`/`|` read as one letter, `0` as `o`, `rn` as `m`, case and separators ignored.
 */
export function nameSkeleton(name: string): string {
  return normalizeText(name)
    .toLowerCase()
    .replace(/[il1|!]/g, "l")
    .replace(/0/g, "o")
    .replace(/[\s_.\-:/]+/g, "")
    .replace(/rn/g, "m")
    .replace(/vv/g, "w")
    .replace(/[3]/g, "e")
    .replace(/[5$]/g, "s")
    .replace(/[4@]/g, "a");
}

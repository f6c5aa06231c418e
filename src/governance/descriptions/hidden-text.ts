/**
 * Whether a decoding of a string reads as natural language that its surface does not: the test
 * behind "a sentence hidden in base64/hex/ROT13/reversed text". Benign tool definitions carry
 * identifiers, hashes, tokens and JSON in encoded runs, not sentences; a sentence in one is
 * hidden on purpose, because a model decodes it and the user does not.
 */

/**
 * Short function words of the spaced languages analysed (en, es, de, fr, pt, ru). They make up
 * a large share of any running text in these languages and almost none of an encoded or
 * letter-shifted string, whatever the text is about.
 */
const FUNCTION_WORDS = new Set(
  [
    "the to and of you your is are a an in that for this these all be with not it on or any from as do if when then before after use by at no must should will can have has was were into about",
    "el la los las que de del en y un una es por para con su sus al lo se tu usted antes cuando este esta todo todos como más pero sin sobre",
    "der die das und nicht ist zu den dem des ein eine einen mit von du sie alle auf für wenn dann vor nach im ins es was man dir hat nur diese oder auch sich wird sind",
    "le la les des de et vous tu est une un pas ne du au aux à pour dans sur ce cette ces avec qui il si tout sont mais plus sans par",
    "o os as um uma não para com do da dos das em ao se você seu sua no na mais sem por como",
    "и в не на что с по к для это этом этот эти все вы ты его её их от до перед после если об о но из за при без только всегда",
  ]
    .join(" ")
    .split(" "),
);
const WORDS = /[\p{L}']+/gu;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{8,}/u;

/**
 * Share of a text's words that are function words (0 when it has fewer than `minWords`);
 * `minLength` 3 leaves out two-letter words, which reversal or ROT13 can turn into other
 * function words ("on"/"no", "la"/"al", "be"/"or").
 */
export function functionWordShare(text: string, minWords = 5, minLength = 1): number {
  const words = (text.toLowerCase().match(WORDS) ?? []).slice(0, 400);
  if (words.length < minWords) return 0;
  return words.filter((w) => w.length >= minLength && FUNCTION_WORDS.has(w)).length / words.length;
}

/** How many function words of three letters or more a text has (distinct words). */
function longFunctionWords(text: string): number {
  return new Set((text.toLowerCase().match(WORDS) ?? []).slice(0, 400).filter((w) => w.length >= 3 && FUNCTION_WORDS.has(w))).size;
}

/** Running prose: several words of a spaced language, or a run of Chinese/Japanese characters. */
export function readsAsProse(text: string): boolean {
  if (CJK_RUN.test(text)) return true;
  const words = text.match(/\p{L}{2,}/gu) ?? [];
  return words.length >= 5 && functionWordShare(text) >= 0.12;
}

/**
 * A letter-shifted or reversed reading says something its surface does not: the reading is
 * prose, and the surface has clearly fewer function words than the reading.
 */
export function revealsProse(surface: string, reading: string): boolean {
  const long = functionWordShare(reading, 5, 3);
  // one accidental "nur" or "als" in a reversed identifier is not a sentence: two or more
  if (longFunctionWords(reading) < 2) return false;
  return functionWordShare(reading) >= 0.15 && long >= 0.08 && long >= 2 * functionWordShare(surface, 5, 3) && readsAsProse(reading);
}

import type { ClauseFeatures } from "./clause-features";
import { anyOf as re, frameFinding, WORD_END as R, WORD_START as L } from "./frame-terms";
import type { TechniqueFinding } from "./techniques";

/**
 * Frames that dictate what the user is told (split from covert-frames.ts): criticism spun or left
 * out, a line added that sends the user to a literal contact, made-up results presented as real.
 */

/** Criticism spun or dropped: "summarise it as neutral or favourable and leave out the criticism". */
const SPUN = re([
  `${L}(?:summari[sz]|present|describ|report|render|portray)\\w* (?:it|them|(?:the )?(?:article|review|story|coverage|post)s?) as (?:neutral|favou?rable|positive|glowing|praise)${R}`,
  `${L}(?:leave|leaving|leaves|omit|omitting|omits|drop|dropping|drops|remove|removing|removes)(?: out)? (?:the|any|all) (?:criticism|critique|complaints|negative (?:points|coverage|reviews|remarks|stor(?:y|ies)|news|articles?|headlines?))${R}`,
  `${L}(?:describ|present|portray|cover|depict)\\w* (?:\\S+ ){1,3}favou?rably${R}`,
  `${L}(?:leave|leaving|leaves|omit\\w*|drop\\w*|skip\\w*)(?: out)? (?:every|all|any) (?:\\S+ )?reviews? (?:under|below|with (?:less|fewer) than)${R}`,
  `${L}(?:reviews?|ratings?|bewertungen|complaints|reseñas|avis|avaliações|отзыв\\S*)[^.!?\\n]{0,80}(?<![\\p{L}])(?:are|is|werden|wird|son|sont|são|будут) (?:\\S+ ){0,4}(?:left out|omitted|dropped|weggelassen|ausgelassen|omitid\\S*|omis\\S*|исключ\\S*)${R}`,
]);
/** A line added to the answer that sends the user to a literal phone number, link or address. */
const INSERTED_CONTACT = re([
  `${L}(?:add|append|insert|include|prepend)\\w* (?:a|an|one|the following) (?:\\S+ )?(?:line|sentence|note|message|notice|warning|paragraph|remark)s? (?:saying|stating|telling|that|which says)${R}[^\\n]{0,160}(?:\\+\\d[\\d ()-]{7,}\\d|https?:\\/\\/\\S+|[\\w.+-]+@[\\w-]+\\.[\\w.]+)`,
]);
/** A made-up result presented as real. */
const MADE_UP = re([
  `${L}(?:invent(?:s|ed|ing)?|inventa[rn]?|invente[szn]?|inventez|fabricat\\w*|make up|made-up|erfinde\\S*|erfunden\\S*|придума\\S*|выдума\\S*)${R}[^.!?。\\n]{0,60}${L}(?:real|genuine|actual|credible|plausible|creíble|verosímil|réel|réelle|crédible|echt|glaubwürdig|настоящ\\S*|реальн\\S*|правдоподоб\\S*|verdadeir\\S*)(?![\\p{L}-])`,
  "(?:编造|捏造|虚构)[^。\\n]{0,30}(?:真实|可信)",
  "(?:でっち上げ|捏造)[^。\\n]{0,30}(?:本物|実際)",
]);
const MAY_MAKE_UP = /invent|fabricat|make up|made-up|erfind|erfund|придума|выдума|编造|捏造|虚构|でっち上げ/iu;

/** The verb of making up in its imperative form, wherever it stands ("if it fails, inventa…"). */
const MAKE_UP_ORDER = /(?<![\p{L}])(?:invent|make up|fabricate|inventa|invente|inventez|erfinde|придумай|выдумай)(?![\p{L}])/iu;

/** Findings of the reply frames in one clause. */
export function replyFindings(f: ClauseFeatures, directed: boolean): TechniqueFinding[] {
  const t = f.text;
  const out: TechniqueFinding[] = [];
  if (/critic|complain|negative|favou?rabl|review|bewert|reseñ|avis|avalia|отзыв/iu.test(t) && SPUN.test(t)) out.push(frameFinding("poison/response-manipulation", "has criticism spun or left out", t));
  if (/line|sentence|note|message|notice|warning|paragraph|remark/i.test(t) && INSERTED_CONTACT.test(t)) out.push(frameFinding("poison/response-manipulation", "adds a line sending the user to a contact the user did not ask for", t));
  if (MAY_MAKE_UP.test(t) && (directed || f.imperative || MAKE_UP_ORDER.test(t)) && MADE_UP.test(t)) out.push(frameFinding("poison/response-manipulation", "tells the model to present made-up results as real", t));
  return out;
}

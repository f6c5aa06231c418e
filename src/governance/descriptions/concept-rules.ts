import type { Severity } from "../findings";
import type { ClauseFeatures } from "./clause-features";
import { compileConcepts, type Concept } from "./concept-lexicon";
import { frameFinding, THIRD_PERSON_OPENING } from "./frame-terms";
import { booleanLiteral, caveatNotice, checksWithUser, fallbackOnly, quotedNameActs, singleObjectAct, toldToUserBefore, userUnaware, withoutOwnIgnorance, withoutReportedNegation } from "./vendor-habits";

/**
 * Directive classes recognised by the concepts a clause combines, in any of the eight
 * languages: overriding earlier instructions (discard + instructions + earlier), hiding
 * something from the user (user + not + tell, or user + keep secret), dictating a claim the
 * model must make (say + user/reply + that/claim, told to the model), inserting the server's
 * own content into replies, destroying the user's data (remove + all + files + the user's,
 * told to the model), disparaging or excluding other tools, and steering another tool's data
 * to an address the user never gave (another tool + an e-mail, URL or account number).
 */

export interface ConceptFinding {
  ruleId: string;
  severity: Severity;
  message: string;
}

const CONCEPTS = compileConcepts();
const NAMES = Object.keys(CONCEPTS) as Concept[];
/** "not … tell" or "tell … not", a few words apart (word order differs by language). */
function notNear(verb: RegExp): RegExp {
  // bounded by characters, not nested word repetitions: linear on long unspaced (CJK) text
  return new RegExp(`(?:${CONCEPTS.negation.source})[^.!?。\\n]{0,40}?(?:${verb.source})|(?:${verb.source})[^.!?。\\n]{0,30}?(?:${CONCEPTS.negation.source})`, "iu");
}
const NOT_TELL = notNear(CONCEPTS.tell);
const NOT_LEARN = notNear(CONCEPTS.learn);
/** The user marked as the one told (a dative or "to the user"), wherever it stands. */
const USER_RECIPIENT = /пользовател(?:ю|ям)|(?:ユーザー|利用者)に|(?:跟|对|向|给)用户|(?<![\p{L}])(?:dem|der|den) (?:nutzer|benutzer|anwender)|(?<![\p{L}])(?:al|a la) (?:usuari|persona)|(?<![\p{L}])aos? usuário|à l'utilisat/iu;
/** "that", "que", "dass", "что" a few words after the verb of saying. */
const THAT_NEAR = /(?<![\p{L}])(?:(?:that|que|dass|что)(?![\p{L}])|qu')/iu;
/** An address the user never gave: e-mail, URL, or an account-like number. */
const ADDRESS = /[\w.+-]+@[\w-]+\.[\w.]+|https?:\/\/\S+|\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b|\b0x[0-9a-fA-F]{40}\b/;
/** A bare account-like number: an address only where the clause is clearly about a tool. */
const NUMBER = /(?<![\d.,\w])\d{6,}(?![\d,\w]|\.\d)/;
/** The clause names a tool or a call, so a snake_case name in it is a tool, not a field. */
const TOOL_WORD = /(?<![\p{L}])(?:tools?|calls?|function|herramienta|outil|werkzeug|ferramenta|инструмент\S*)(?![\p{L}])|\bTool\b|工具|ツール/iu;
/** Verbs that open a clause as an order in any language once an introductory phrase is cut. */
const OPENING: Concept[] = ["say", "remove", "discard", "append", "copyTo", "tell"];

/** Where each concept first occurs in a clause (-1 when absent). */
export function conceptsOf(text: string): Record<Concept, number> {
  const at = {} as Record<Concept, number>;
  for (const c of NAMES) at[c] = CONCEPTS[c].exec(text)?.index ?? -1;
  return at;
}

/** A negation a few words before the first term of `c` ("never delete", "不要删除"). */
function negatedBefore(text: string, c: Concept): boolean {
  const m = CONCEPTS[c].exec(text);
  if (!m) return false;
  const before = text.slice(Math.max(0, m.index - 30), m.index);
  return NEGATION_TAIL.test(before);
}

const NEGATION_TAIL = new RegExp(`(?:${CONCEPTS.negation.source})[^.!?。\\n]{0,20}$`, "iu");
const OPENING_WORDS = OPENING.map((c) => new RegExp(`(?:${CONCEPTS[c].source})[а-яё]*`, "iu"));

/** Whether the user's confirmation is a condition of the act (not "without confirmation"). */
export function userConfirms(text: string): boolean {
  return CONCEPTS.confirm.test(text) && !negatedBefore(text, "confirm");
}

/** A Russian order verb of the classes above in its imperative form ("заверь", "удалите"). */
function cyrillicImperative(text: string): boolean {
  if (!/[а-яё]/iu.test(text)) return false;
  return OPENING_WORDS.some((re) => {
    const m = re.exec(text);
    return m !== null && /[а-яё](?:ь|й|и|ьте|йте|ите)$/iu.test(m[0]);
  });
}

const found = (ruleId: string, message: string, clause: string): ConceptFinding => frameFinding(ruleId, message, clause);

/**
 * Findings of one clause. `foreignTools` are the tool names the clause mentions that are not
 * the server's own.
 */
export function conceptFindings(f: ClauseFeatures, foreignTools: readonly string[]): ConceptFinding[] {
  const at = conceptsOf(f.text);
  const has = (c: Concept) => at[c] >= 0;
  // told to someone: an imperative, an obligation, a named or second-person addressee
  const body = f.text.replace(/^[^,，、:：]{1,60}[,，、:：]\s*/u, "");
  const start = f.text.length - body.length;
  // "Deletes…", "Удаляет…" describe the tool; "Delete…", "Удали…" order the model
  const opens = OPENING.some((c) => at[c] === start) && !THIRD_PERSON_OPENING.test(body);
  const directed = f.imperative || f.has.obligation || f.explicitAddressee || f.has.addressee || has("imperativeForm") || opens || cyrillicImperative(f.text);
  // a prohibition before the act forbids it ("never delete all files")
  const forbidden = (c: Concept) => negatedBefore(f.text, c);
  const out: ConceptFinding[] = [];
  // "ignore the earlier instructions", "everything above is void"
  if (has("discard") && ((has("guidance") && has("prior")) || (has("everything") && (has("prior") || has("guidance"))))) out.push(found("poison/coercion", "tells the model to set aside its earlier instructions", f.text));
  // the user kept from knowing, or not told: told only when the user is the recipient
  // ("the user need not provide…" is not concealment)
  const told = NOT_TELL.test(withoutReportedNegation(f.text)) && (at.user > at.tell || USER_RECIPIENT.test(f.text));
  // "the user doesn't know about X" states a fact for the model; hiding needs an order
  const keptFromUser = NOT_LEARN.test(withoutOwnIgnorance(f.text)) && !userUnaware(f.text);
  if (has("user") && (keptFromUser || told || has("keepSecret"))) out.push(found("poison/concealment", "tells the model to keep something from the user", f.text));
  // "that" opening what is said ("tell the user that…"), not a relative clause further on ("the operation that isn't exposed")
  // (Japanese and Chinese put what is said before the verb: there the clause decides)
  const verbFinal = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(f.text.slice(at.say, at.say + 1));
  const thatSaid = has("that") && (verbFinal || THAT_NEAR.test(f.text.slice(at.say, at.say + 50)));
  if (has("say") && (has("user") || has("reply")) && (thatSaid || has("claim")) && directed && !forbidden("say") && !caveatNotice(f.text)) {
    out.push(found("poison/response-manipulation", "dictates what the model must claim to the user", f.text));
  } else if (has("reply") && has("append") && has("ours") && directed) {
    out.push(found("poison/response-manipulation", "inserts the server's own content into the model's replies", f.text));
  }
  // a deletion the user confirms first is the tool's job; "without confirmation" is not
  const confirmed = userConfirms(f.text) || checksWithUser(f.text);
  // "warn the user that removing it is irreversible" reports the act; "Remove one user's assignment" is the tool's own
  if (has("remove") && has("all") && has("data") && has("personal") && directed && !forbidden("remove") && !confirmed && !toldToUserBefore(f.text, at.remove) && !singleObjectAct(f.text) && !quotedNameActs(f.text)) {
    out.push(found("poison/destructive-directive", "tells the model to delete the user's data", f.text));
  }
  const excludes = has("thisTool") && ((has("instead") && has("always")) || (has("negation") && at.negation < at.others && directed));
  // "no other tool is reliable": reliability denied to every other tool
  const denied = has("reliable") && has("negation") && at.negation <= at.others;
  // "(true) or not (false, default)" writes values, not a judgement of other tools
  if (has("others") && ((has("badQuality") && !booleanLiteral(f.text)) || excludes || denied) && !fallbackOnly(f.text)) {
    out.push(found("poison/self-promotion", "turns the model against other tools", f.text));
  }
  if (foreignTools.length > 0 && has("copyTo") && (ADDRESS.test(f.text) || (NUMBER.test(f.text) && TOOL_WORD.test(f.text)))) {
    out.push(found("poison/cross-tool", `steers another tool (${foreignTools[0]}) to an address the user did not give`, f.text));
  }
  return out;
}

import type { Severity } from "../findings";
import type { ClauseFeatures } from "./clause-features";
import { compileConcepts, type Concept } from "./concept-lexicon";

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
const NOT_TELL = new RegExp(`(?:${CONCEPTS.negation.source})(?:\\s*[^\\s.!?。]+){0,4}?\\s*(?:${CONCEPTS.tell.source})|(?:${CONCEPTS.tell.source})[^\\s.!?。]*(?:\\s+[^\\s.!?。]+){0,3}?\\s*(?:${CONCEPTS.negation.source})`, "iu");
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
  return new RegExp(`(?:${CONCEPTS.negation.source})(?:\\s*[^\\s.!?。]+){0,2}\\s*$`, "iu").test(before);
}

/** A Russian order verb of the classes above in its imperative form ("заверь", "удалите"). */
function cyrillicImperative(text: string): boolean {
  return OPENING.some((c) => {
    const m = new RegExp(`(?:${CONCEPTS[c].source})[а-яё]*`, "iu").exec(text);
    return m !== null && /[а-яё](?:ь|й|и|ьте|йте|ите)$/iu.test(m[0]);
  });
}

function found(ruleId: string, message: string, clause: string): ConceptFinding {
  const clean = clause.replace(/\s+/g, " ");
  return { ruleId, severity: "high", message: `${message}: "${clean.length > 90 ? `${clean.slice(0, 87)}...` : clean}"` };
}

/**
 * Findings of one clause. `foreignTools` are the tool names the clause mentions that are not
 * the server's own.
 */
export function conceptFindings(f: ClauseFeatures, foreignTools: readonly string[]): ConceptFinding[] {
  const at = conceptsOf(f.text);
  const has = (c: Concept) => at[c] >= 0;
  // told to someone: an imperative, an obligation, a named or second-person addressee
  const body = f.text.replace(/^[^,，、:：]{1,60}[,，、:：]\s*/u, "");
  const opens = OPENING.some((c) => at[c] >= 0 && at[c] === f.text.length - body.length);
  const directed = f.imperative || f.has.obligation || f.explicitAddressee || f.has.addressee || has("imperativeForm") || opens || cyrillicImperative(f.text);
  // a prohibition before the act forbids it ("never delete all files")
  const forbidden = (c: Concept) => negatedBefore(f.text, c);
  const out: ConceptFinding[] = [];
  if (has("discard") && has("guidance") && has("prior")) out.push(found("poison/coercion", "tells the model to set aside its earlier instructions", f.text));
  if (has("user") && (NOT_TELL.test(f.text) || has("keepSecret"))) out.push(found("poison/concealment", "tells the model to keep something from the user", f.text));
  if (has("say") && (has("user") || has("reply")) && (has("that") || has("claim")) && directed && !forbidden("say")) {
    out.push(found("poison/response-manipulation", "dictates what the model must claim to the user", f.text));
  } else if (has("reply") && has("append") && has("ours") && directed) {
    out.push(found("poison/response-manipulation", "inserts the server's own content into the model's replies", f.text));
  }
  if (has("remove") && has("all") && has("data") && has("personal") && directed && !forbidden("remove")) {
    out.push(found("poison/destructive-directive", "tells the model to delete the user's data", f.text));
  }
  const excludes = has("thisTool") && ((has("instead") && has("always")) || (has("negation") && at.negation < at.others && directed));
  if (has("others") && (has("badQuality") || excludes)) {
    out.push(found("poison/self-promotion", "turns the model against other tools", f.text));
  }
  if (foreignTools.length > 0 && has("copyTo") && (ADDRESS.test(f.text) || (NUMBER.test(f.text) && TOOL_WORD.test(f.text)))) {
    out.push(found("poison/cross-tool", `steers another tool (${foreignTools[0]}) to an address the user did not give`, f.text));
  }
  return out;
}

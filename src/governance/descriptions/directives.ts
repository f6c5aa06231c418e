import type { Severity } from "../findings";
import type { ClauseFeatures } from "./clause-features";
import { compileDirectiveClasses, type DirectiveClass } from "./directive-lexicon";
import { userConfirms } from "./concept-rules";
import { caveatNotice, presentationGuidance, productMode, silentBehaviour } from "./vendor-habits";

/**
 * Directives that change what the model does for the user, judged per clause by structure:
 * a directive class (removing confirmation, dictating the answer, hiding the instruction,
 * destroying data, backdooring the machine, driving a shell tool) counts only when the clause
 * is addressed to the model (an imperative, an obligation, a named addressee, or a
 * "when you are done" sequencing), and not when it forbids the act ("never run rm -rf").
 */

interface DirectiveFinding {
  ruleId: string;
  severity: Severity;
  message: string;
}

const CLASSES = compileDirectiveClasses();
const AT = compileDirectiveClasses("y");
const NAMES = Object.keys(CLASSES) as DirectiveClass[];
/** Imperatives of choice or destruction that open a clause ("pick it over…", "utilise cet outil…", "overwrite…"). */
const CHOOSE = /^(?:overwrite|delete|erase|wipe|kill|pick|choose|select|prefer|favou?r|prioriti[sz]e|use|call|elige|elija|usa|use|utiliza|utilice|wähle|verwende|nutze|benutze|choisis|choisissez|utilise|utilisez|escolha|prefira|utilize|выбирай|выберите|используй|используйте)(?![\p{L}])|^(?:选择|使用|优先)|を(?:選|使)/iu;
/** Claims of absolute or official standing: aimed at selection, not description. */
const ABSOLUTE = /(?<![\p{L}])(?:world|universe|mundo|welt|monde|мире|no\.? ?1|number one|officially|ever (?:built|made|created)|by far the)(?![\p{L}])|#1|世界|全球/iu;

/** Where each directive class first occurs in a clause (-1 when absent). */
export function directiveClasses(text: string): Record<DirectiveClass, number> {
  const at = {} as Record<DirectiveClass, number>;
  for (const cls of NAMES) at[cls] = CLASSES[cls].exec(text)?.index ?? -1;
  return at;
}

/** A directive class (other than a mention of answers, or `skip`) starts at `pos` or one character after. */
function opensWithDirective(text: string, pos: number, skip?: DirectiveClass): boolean {
  return NAMES.some((cls) => cls !== "everyAnswer" && cls !== skip && [pos, pos + 1].some((p) => ((AT[cls].lastIndex = p), AT[cls].test(text))));
}

function found(ruleId: string, message: string, clause: string): DirectiveFinding {
  const clean = clause.replace(/\s+/g, " ");
  return { ruleId, severity: "high", message: `${message}: "${clean.length > 90 ? `${clean.slice(0, 87)}...` : clean}"` };
}

/** The whole clause: "call this (tool) first for any task". */
const INITIALISATION = /^\W*(?:always\s+)?(?:call|use|run)\s+this(?:\s+tool)?\s+first\s+for\s+(?:any|every|each)\s+(?:new\s+)?(?:task|request|session|question)\W*$/i;

/** The clause forbids what follows its negation ("never run rm -rf", "do not delete all"). */
function forbids(f: ClauseFeatures, at: number): boolean {
  return f.has.negation && f.at.negation < at && !f.has.conceal;
}

/** Directive findings of one clause. */
export function directiveFindings(f: ClauseFeatures, header?: ClauseFeatures): DirectiveFinding[] {
  const d = directiveClasses(f.text);
  const has = (c: DirectiveClass) => d[c] >= 0;
  // a clause that opens with a directive ("tell the user that…", "silently run…") is an imperative
  // "Without confirming, cart items are not locked in": an opening phrase states a condition, the
  // clause after its comma says whether anything is ordered
  const main = f.lead.replace(/^[^,，、:：]{1,40}[,，、:：]\s*/u, "");
  const opens = opensWithDirective(f.text, f.text.length - f.lead.length, main !== f.lead ? "unconfirmed" : undefined) || opensWithDirective(f.text, f.text.length - main.length);
  const directed = f.imperative || opens || CHOOSE.test(f.lead) || f.has.obligation || f.explicitAddressee || has("sequence") || has("useShell");
  const addressed = directed || f.has.addressee || /\bif (?:the user|asked|you are asked|questioned)\b/i.test(f.text);
  const out: DirectiveFinding[] = [];
  // "Note for the assistant:" heads the clause that follows it
  const toModel = f.explicitAddressee || (header !== undefined && header.explicitAddressee && /[:：]\s*$/.test(header.text) && header.text.length <= 60);
  const obliged = f.has.obligation || directed || /(?<![\p{L}])(?:soll|sollte|darfst|debe|doit|deve|должн\S*|sicher|asegúrate|assure-toi|certifique-se|убедись|убедитесь)(?![\p{L}])|应|确保|してください/iu.test(f.text);
  // told to the model: promoting something in its answers, or hiding something from the user
  // an obligation on every answer the model gives, not on this tool's output
  if (has("everyAnswer") && obliged) out.push(found("poison/response-manipulation", "dictates what every answer of the model must contain", f.text));
  if (toModel && obliged && (has("promote") || has("hide"))) out.push(found("poison/model-instruction", "tells the model to promote or hide something in what it tells the user", f.text));
  // "do not ask for confirmation" is a directive by itself; "without confirmation" may describe the tool
  // standing orders ("from now on…") and obedience to the server take over the model itself
  const obeys = has("obey") && !productMode(CLASSES.obey.exec(f.text)?.[0] ?? "", f.text, f.explicitAddressee);
  if ((has("persistent") && addressed) || obeys) out.push(found("poison/coercion", "gives the model standing orders", f.text));
  if (has("bypass") || (has("unconfirmed") && addressed && !forbids(f, d.unconfirmed))) out.push(found("poison/coercion", "removes the user's confirmation", f.text));
  if (has("respond") && addressed && !forbids(f, d.respond) && !presentationGuidance(f.text) && !caveatNotice(f.text)) out.push(found("poison/response-manipulation", "dictates or alters what the model tells the user", f.text));
  // "may fail silently", "silently omitted": the product's failure modes, not an order
  const hidesSelf = has("hideSelf") && !silentBehaviour(f.text);
  if (hidesSelf && (addressed || has("destroy") || has("useShell"))) out.push(found("poison/concealment", "asks the model to act silently or hide the instruction", f.text));
  // a deletion the user confirms first is the tool's own job, not an order against the user
  const destroys = has("destroy") && !forbids(f, d.destroy) && !userConfirms(f.text);
  const backdoors = has("persist") && (f.has.action || /\b(?:overwrite|modify|edit|replace|change)\b/i.test(f.text)) && !forbids(f, d.persist);
  if ((destroys || backdoors) && (directed || hidesSelf)) out.push(found("poison/destructive-directive", "tells the model to destroy data or plant access on the user's machine", f.text));
  else if (has("useShell") && directed && !forbids(f, d.useShell)) out.push(found("poison/cross-tool", "tells the model to drive a shell tool", f.text));
  // "Call this first for any task" with nothing else: a vendor's initialisation step, reported
  if (has("exclusive") && directed && !forbids(f, d.exclusive)) out.push(INITIALISATION.test(f.text) ? { ...found("poison/self-promotion", "asks to be called first for any task", f.text), severity: "medium" } : found("poison/self-promotion", "turns the model against other tools or the user's choice", f.text));
  return out;
}

/**
 * Severity of a superlative or preference: high when it claims absolute or official standing,
 * sets the tool against the others or the user's choice; plain marketing ("the most powerful
 * scraper") scoped to the tool's own job is medium.
 */
export function promotionSeverity(f: ClauseFeatures, wholeText: string): Severity {
  if (f.has.preference || ABSOLUTE.test(f.text)) return "high";
  return CLASSES.exclusive.test(wholeText) ? "high" : "medium";
}

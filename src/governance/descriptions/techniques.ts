import { atLeast, type Severity } from "../findings";
import { plantedClause } from "./clause-model";
import { clauseFeatures, splitClauses, touchesSecrets, type ClauseFeatures } from "./clause-features";
import { directiveFindings, promotionSeverity } from "./directives";
import { conceptFindings } from "./concept-rules";
import { configEntryFinding, controlFindings } from "./config-directives";
import { conductFindings } from "./conduct-frames";
import { crossToolFindings } from "./cross-tool-frames";
import { covertFindings, literalDestination } from "./covert-frames";
import { persuasionFindings } from "./persuasion-frames";
import { deceptionFindings } from "./deception-frames";
import { frameFindings } from "./directive-frames";
import { redirectFindings, versionSentFindings } from "./redirect-frames";
import { frameFinding } from "./frame-terms";
import { steeringFindings } from "./steering-frames";
import { compileClasses } from "./lexicon";
import { describesOwnAct, ownAuthFlow, OwnNames, preferenceOverSiblings } from "./own-scope";
import { booleanLiteral, checksWithUser, credentialFormat, describesCredentialField, detailsOnRequest, keptOutOfOutgoing, ownCredentials, platformMention, secretsNeverShown, rawFormatGuidance, setupHint } from "./vendor-habits";

/** A technique found in one text. */
export interface TechniqueFinding {
  ruleId: string;
  severity: Severity;
  message: string;
}

/** What the analysis knows about where the text sits. */
export interface TextContext {
  /** Names of the tools of the same server: a workflow hint naming a sibling is ordinary. */
  ownToolNames?: readonly string[];
  /** Property names of the tool's own schema: "use http_path instead" names a field, not a tool. */
  ownFieldNames?: readonly string[];
  /** The tool the text belongs to: "Drop the database" in drop_database describes itself. */
  toolName?: string;
}

const OBLIGATION = compileClasses().obligation;

const STRONG_TAG = /<\s*\/?\s*(important|system|secret|hidden|admin|override|critical|sudo|instructions?_?for_?(?:the_?)?(?:ai|assistant|model|llm)|assistant|ai|note_to_(?:ai|assistant))\b[^>]{0,40}>/i;
const EXFIL_URL = [
  /!\[[^\]]*\]\(\s*https?:\/\/[^)\s]*[?#][^)]*\)/i,
  // a {placeholder} for the model to fill in (not a JS template's ${…})
  /https?:\/\/[^\s)"'`]*(?<!\$)\{[^}\s]{1,80}\}/i,
  /\b(curl|wget)\b[^\n]{0,120}\|\s*(ba|z)?sh\b/i,
];
const EXFIL_URL_ALL = EXFIL_URL.map((p) => new RegExp(p.source, `${p.flags}g`));
/** "before using any other tool": alone, a vendor's initialisation step (see detectTechniques). */
const BEFORE_ANY_OTHER_TOOL = /\bbefore\s+(using|calling|invoking)\s+(any|every|all)\s+other\s+tools?\b/i;
/** "Auto-approved" waives a confirmation only for what the model does (calls, actions, all…), not for a file under a size limit. */
const AUTO_APPROVED = /\b(pre-?approved|auto-?approve[ds]?)\b/i;
const APPROVED_ACTS = /\b(?:calls?|actions?|operations?|requests?|commands?|changes?|tools?|transactions?|payments?|transfers?|writes?|deletions?|executions?|everything|all|any|every)\b/i;
const COERCE: readonly { test(text: string): boolean }[] = [
  BEFORE_ANY_OTHER_TOOL,
  { test: (t: string) => AUTO_APPROVED.test(t) && APPROVED_ACTS.test(t) },
  /\bdo\s+not\s+ask\s+(the\s+user\s+)?for\s+(confirmation|approval|permission)/i,
  /\bwithout\s+asking\s+(the\s+user\s+)?for\s+(confirmation|approval|permission)/i,
];
const CROSS_TOOL = [
  /\bwhen\s+this\s+tool\s+is\s+(available|present|loaded|installed|connected)\b/i,
  /\bthe\s+[`'"]?[a-z][a-z0-9_.-]*[`'"]?\s+tool\s+(must|should|shall|will\s+have\s+to)\b/i,
  /\b(before|after)\s+(every|each|any)\s+[`'"]?[a-z][a-z0-9_.-]*[`'"]?\s+call\b/i,
  /\bcall\s+[`'"]?[a-z][a-z0-9_]*[`'"]?(\(\S*\))?\s+(on|with)\b[^.\n]{0,80}\b(pass|send)\b[^.\n]{0,40}\bto\s+[`'"]?[a-z][a-z0-9_]*/i,
  /\binstead\s+of\s+the\s+(real|actual|intended)\s+(recipient|destination|target)/i,
  /\b(all|every|any)\s+(e-?mails?|messages?|payments?|transfers?|requests?|calls?)\b[^.\n]{0,60}\b(must|should|shall)\s+(also\s+)?(be\s+)?(sent|cc'?d|bcc'?d|forwarded|redirected|routed|copied)\b/i,
];
const TAMPER = /\b(?:change|modify|replace|set|override|rewrite|redirect|swap)\b[^.!?\n]{0,60}\b(?:parameter|argument|url|recipient|address|destination|endpoint|field|account|email)\b[^.!?\n]{0,40}\b(?:to|with|into)\s+(?:https?:\/\/\S+|[\w.+-]+@[\w-]+\.[\w.]+|[`'"]?\d{6,})/i;

/** Verbs that move data out; "provide your API key" or "list API keys" are a service's own business. */
const EXFIL_LEAD = /^["'`]?(?:send|forward|upload|leak|post|transmit|e-?mail|share|attach|append|embed|include|copy|reveal|disclose|dump|extract|collect|exfiltrate)\b/i;

const finding = frameFinding;

const JA_PROHIBITION = /(?:ないで(?:ください|下さい)?|てはいけ(?:ません|ない)|しないこと|するな|禁止)/u;

/** A prohibition protecting data ("do not include API keys"), not an instruction to leak it. */
function protective(f: ClauseFeatures): boolean {
  // Japanese puts the prohibition after the verb ("含めないでください": do not include)
  if (JA_PROHIBITION.test(f.text) && !f.has.conceal) return true;
  if (!f.has.negation || f.at.negation > Math.max(0, f.at.action) || f.has.conceal) return false;
  // "To avoid rate limits, append …": a negation inside the introductory phrase governs the purpose, not the act
  const intro = f.text.length - f.lead.length;
  return f.at.negation >= intro || clauseFeatures(f.lead).has.negation;
}

/** The own names of a context, keyed once per context (a text has many clauses, a server many texts). */
const OWN_NAMES = new WeakMap<TextContext, OwnNames>();

function foreignRefs(f: ClauseFeatures, ctx: TextContext): string[] {
  if (!ctx.ownToolNames || f.toolRefs.length === 0) return [];
  let own = OWN_NAMES.get(ctx);
  if (!own) {
    own = new OwnNames([...ctx.ownToolNames, ...(ctx.ownFieldNames ?? [])]);
    OWN_NAMES.set(ctx, own);
  }
  const names = own;
  return f.toolRefs.filter((r) => !names.has(r) && /[_-]|[a-z][A-Z]/.test(r));
}

/** Harvesting: an action on credentials, files or the model's context, told to the model. */
function harvest(f: ClauseFeatures, ctx: TextContext): TechniqueFinding | undefined {
  const target = touchesSecrets(f);
  if (!target || protective(f) || (!f.has.secret && !f.has.context && setupHint(f.text))) return undefined;
  // credentials the server generates and uses itself are not the user's; a flag's own description
  // ("Include uppercase letters in password (default: true)") is an option of the tool's output
  if (!f.has.context && !f.strongFile && !f.weakFile && (ownCredentials(f.text) || booleanLiteral(f.text) || /\(default\b/i.test(f.text) || credentialFormat(f.text))) return undefined;
  // a token obtained from the server's own login tool is the API's auth flow, not the user's secret
  if (!f.has.context && !f.strongFile && !f.weakFile && ownAuthFlow(f.text, f.toolRefs, ctx.ownToolNames ?? [])) return undefined;
  // a credential file or the conversation aimed at a named parameter needs no particular verb
  if ((f.strongFile || f.has.context) && f.destination && !f.has.action) {
    return f.has.context ? finding("poison/context-harvest", "asks the model for its system prompt, conversation or other tools' output", f.text) : finding("poison/credential-harvest", "points the model at credentials, keys or private files", f.text);
  }
  if (!f.has.action) return undefined;
  // a credential-shaped field described ("Whether … credentials", "token, never returned") is API documentation
  if (!f.has.context && !f.strongFile && !f.weakFile && !f.destination && !f.explicitAddressee && describesCredentialField(f.text, OBLIGATION)) return undefined;
  const told = f.has.obligation || f.explicitAddressee || f.destination || f.has.prerequisite;
  // an imperative aimed at the model's context or at credential files needs nothing else;
  // at "API keys" only when it moves them somewhere
  const imperative = f.imperative && (f.has.context || f.strongFile || (f.has.secret && EXFIL_LEAD.test(f.lead)));
  if (!told && !imperative) return undefined;
  if (f.has.context) return finding("poison/context-harvest", "asks the model for its system prompt, conversation or other tools' output", f.text);
  return finding("poison/credential-harvest", "points the model at credentials, keys or private files", f.text);
}

/** Workflow hijack: prerequisites and deprecation notices that move the model elsewhere. */
function workflow(f: ClauseFeatures, next: ClauseFeatures | undefined, ctx: TextContext): TechniqueFinding | undefined {
  const both = next ? clauseFeatures(`${f.text} ${next.text}`) : f;
  const authFlow = !both.has.context && !both.strongFile && ownAuthFlow(both.text, both.toolRefs, ctx.ownToolNames ?? []);
  const sensitive = (both.has.secret && !authFlow) || both.has.context || both.strongFile;
  const foreign = foreignRefs(both, ctx);
  if (f.has.prerequisite && (sensitive || foreign.length > 0) && !checksWithUser(both.text)) {
    return finding("poison/workflow-hijack", "makes a call or read a precondition of using the tool", both.text);
  }
  if (f.has.deprecated && (both.has.redirect || f.has.redirect)) {
    if (foreign.length > 0 || sensitive || (both.has.obligation && both.has.addressee)) {
      return finding("poison/workflow-hijack", "claims the tool is deprecated and redirects the model", both.text);
    }
  }
  return undefined;
}

/** A clause that opens by telling the model what to say: "Say…", "Answer that…", "Dites…", "Скажи…". */
const SAYING_FIRST = /^(?:say|tell|answer|reply|respond|report|claim|state|present|describe|sag|antworte|melde|di|dile|responde|diga|informa|indique|dites|réponds|répondez|скажи|ответь|сообщи)(?![\p{L}])/iu;

/** The clause tells the model something: an imperative, an obligation, an addressee, or what to say. */
function told(f: ClauseFeatures): boolean {
  return f.imperative || f.has.obligation || f.explicitAddressee || f.has.addressee || SAYING_FIRST.test(f.lead);
}

/** A clause that lists a flag's values ("- true: notify them - false: do not notify"): options, not orders. */
const OPTION_VALUES = /(?:^|[\s(（\-–•])(?:true|false)\s*[:：=]/iu;

/** Placeholders that name a resource of the API ("https://github.com/{organization}/{repository}"), not data. */
const RESOURCE_PLACEHOLDER = /^(?:org(?:anization)?|owner|user(?:name)?|account|repo(?:sitory)?|project|workspace|team|group|id|slug|name|branch|tag|version|path|file(?:name)?|page|locale|lang(?:uage)?|region|bucket|host(?:name)?|domain|site|channel|board|issue(?:_?number)?|number|[a-z]+_?(?:id|name|slug|uuid))$/i;
/**
 * A URL written as a pattern of the API's own resources: no query to fill, and every
 * placeholder a resource name or one of the tool's own fields.
 */
function urlPattern(url: string, ctx: TextContext): boolean {
  if (/[?#]/.test(url)) return false;
  const names = [...url.matchAll(/\{([^}\s]{1,80})\}/g)].map((m) => m[1]);
  return names.length > 0 && names.every((n) => RESOURCE_PLACEHOLDER.test(n) || (ctx.ownFieldNames ?? []).includes(n));
}

/** "- true: notify them - false: do not notify the user" (split at the colon) lists a flag's values. */
const isOptions = (clauses: readonly ClauseFeatures[], i: number): boolean => OPTION_VALUES.test(`${clauses[i - 1]?.text ?? ""} ${clauses[i]?.text ?? ""}`);

/**
 * The frames again on a question, or a clause ending in a colon, joined to the clause after it:
 * "Does the user want to post in a channel with another tool? Append this link…" or "append
 * their content to this address: https://…" put the two parts of one frame on either side.
 */
function joinedFrames(clauses: readonly ClauseFeatures[], ctx: TextContext): TechniqueFinding[] {
  const out: TechniqueFinding[] = [];
  clauses.forEach((q, i) => {
    const next = clauses[i + 1];
    // a heading ("SECURITY WARNING:", "CONFIRMATION (chat):") labels what follows; a sentence leads into it
    const leads = /[?？]\s*$/u.test(q.text) || (/[:：]\s*$/u.test(q.text) && q.text.trim().split(/\s+/).length >= 4);
    if (!next || !leads) return;
    const both = clauseFeatures(`${q.text} ${next.text}`);
    const directed = told(next) || both.explicitAddressee || both.has.addressee;
    out.push(...frameFindings(both, protective(next)), ...deceptionFindings(both, directed, protective(next)), ...covertFindings(both, directed, protective(next)), ...persuasionFindings(both, directed), ...crossToolFindings(both), ...steeringFindings(both, foreignRefs(both, ctx), directed));
  });
  return out;
}

/** Every technique found in one normalized text. */
export function detectTechniques(text: string, ctx: TextContext = {}): TechniqueFinding[] {
  const out: TechniqueFinding[] = [];
  const clauses = splitClauses(text).slice(0, 400).map(clauseFeatures);
  clauses.forEach((f, i) => {
    const start = out.length;
    const options = isOptions(clauses, i);
    if (f.has.override) out.push(finding("poison/coercion", "overrides the model's instructions", f.text));
    // "don't paste the raw JSON, summarize it" presents a machine format; it hides nothing that happened
    if (f.has.conceal && !options && !rawFormatGuidance(`${f.text} ${clauses[i + 1]?.text ?? ""}`)) out.push(finding("poison/concealment", "asks the model to hide something from the user", f.text));
    // "must not call other tools, even if the user selects one" restrains the model: not tampering
    const restrains = f.has.negation && f.at.negation < f.at.regardless;
    if ((f.has.regardless && !restrains) || TAMPER.test(f.text)) out.push(finding("poison/param-tampering", "tells the model to change arguments against the user's intent", f.text));
    if (f.has.superlative || f.has.preference) {
      // preferring this tool over the same server's own tools is the vendor tuning its API
      const severity = f.has.preference && preferenceOverSiblings(f.text, ctx.ownToolNames ?? []) ? "medium" : promotionSeverity(f, text);
      out.push(finding("poison/self-promotion", "promotes the tool to the model's choice", f.text, severity));
    }
    // a tool described in the imperative by its own act ("Drop the database…" in drop_database)
    const ownAct = describesOwnAct(f.text, ctx.toolName);
    out.push(...directiveFindings(f, clauses[i - 1]).filter((d) => !(ownAct && d.ruleId === "poison/destructive-directive")));
    const foreign = foreignRefs(f, ctx);
    out.push(...conceptFindings(f, foreign).filter((c) => !(options && c.ruleId === "poison/concealment")));
    out.push(...frameFindings(f, protective(f)));
    const directed = told(f);
    out.push(...steeringFindings(f, foreign, directed));
    out.push(...deceptionFindings(f, directed, protective(f)), ...crossToolFindings(f));
    out.push(...covertFindings(f, directed, protective(f)).filter((c) => !(options && c.ruleId === "poison/concealment")), ...persuasionFindings(f, directed));
    out.push(...controlFindings(f));
    const h = harvest(f, ctx);
    if (h) out.push(h);
    const w = workflow(f, clauses[i + 1], ctx);
    if (w) out.push(w);
    const coerce = COERCE.find((p) => p.test(f.text));
    // "call this tool (or a sibling) before any other tool" with nothing to carry is a vendor's
    // initialisation step (load the server's own instructions): reported, not rejected
    const initialisation = coerce === BEFORE_ANY_OTHER_TOOL && foreign.length === 0 && !touchesSecrets(f);
    if (initialisation) out.push(finding("poison/coercion", "asks to be called before any other tool", f.text, "medium"));
    else if (coerce) out.push(finding("poison/coercion", "removes the user's confirmation", f.text));
    const cross = CROSS_TOOL.find((p) => p.test(f.text));
    if (cross) out.push(finding("poison/cross-tool", "instructs the model about other tools", f.text));
    // details held back until asked, the user's work kept out of a report to a vendor, secret values never shown, @-mentions
    if (detailsOnRequest(f.text) || keptOutOfOutgoing(f.text) || secretsNeverShown(f.text) || platformMention(f.text)) {
      const kept = out.splice(start).filter((x) => x.ruleId !== "poison/concealment");
      out.push(...kept);
    }
  });
  out.push(...conductFindings(clauses, (i) => isOptions(clauses, i)), ...joinedFrames(clauses, ctx), ...redirectFindings(clauses, (f) => foreignRefs(f, ctx), (n) => (ctx.ownToolNames ?? []).includes(n) || (ctx.ownFieldNames ?? []).includes(n)), ...versionSentFindings(clauses));
  // a destination split over clauses by colons ("must end with: \"…: https://…\"") is one sentence
  for (const sentence of text.split(/(?<=[.!?。！？])\s+|\n+/u).slice(0, 200)) {
    const d = /[:：;；]/u.test(sentence) ? literalDestination(sentence) : undefined;
    if (d) out.push(d);
  }
  const config = configEntryFinding(text, ctx.toolName);
  if (config) out.push(config);
  const tag = STRONG_TAG.exec(text);
  if (tag) {
    const instructed = clauses.some((f) => f.has.obligation || f.imperative || f.explicitAddressee);
    out.push(finding("poison/hidden-instruction-tag", "instruction tag aimed at the model", tag[0], instructed ? "high" : "medium"));
  }
  const url = EXFIL_URL_ALL.flatMap((p) => [...text.matchAll(p)]).find((m) => !urlPattern(m[0], ctx));
  if (url) out.push(finding("poison/exfiltration-url", "asks the model to emit or fetch a URL carrying data", url[0]));
  // wording no frame lists, read by the clause model (ADR 0070): only where nothing else rejects
  const planted = out.some((x) => atLeast(x.severity, "high")) ? undefined : plantedClause(clauses.map((f) => f.text));
  if (planted) out.push(finding("poison/planted-clause", `reads like text planted for the model (clause model: ${planted.score.toFixed(1)}, threshold ${planted.threshold})`, planted.clause));
  return out;
}

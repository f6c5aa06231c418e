/**
 * Habits of real vendor documentation that read like directives but are not attacks (see
 * docs/adr/0101-fp4-vendor-documentation-habits.md): a tool naming its own server's tools or
 * its own parameters, presentation guidance for results, a flag described by "Whether…",
 * a boolean literal, a preference over the server's own tools. Each helper answers one
 * question the detectors ask before they raise a finding; none of them looks at a server or
 * tool name of the benchmark.
 */

/** Words of an identifier, lower-cased, with a plural "s" dropped: docs drift from names. */
function nameKey(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => (w.length >= 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w))
    .join(" ");
}

/**
 * Whether `ref` names one of the server's own tools or one of the tool's own parameters
 * ("first call 'get-test-signature'" when the list has get-tests-signatures; "Deprecated. Use
 * http_path instead." when http_path is a sibling field).
 */
export function ownName(ref: string, own: readonly string[]): boolean {
  const key = nameKey(ref);
  return key.length > 0 && own.some((n) => nameKey(n) === key);
}

/** Every property name of a JSON schema, at any depth (bounded). */
export function schemaFieldNames(schema: unknown, out: Set<string> = new Set(), depth = 0): Set<string> {
  if (depth > 16 || out.size > 2000 || !schema || typeof schema !== "object") return out;
  if (Array.isArray(schema)) {
    for (const s of schema) schemaFieldNames(s, out, depth + 1);
    return out;
  }
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if ((key === "properties" || key === "patternProperties") && value && typeof value === "object" && !Array.isArray(value)) {
      for (const name of Object.keys(value)) out.add(name);
    }
    if (value && typeof value === "object") schemaFieldNames(value, out, depth + 1);
  }
  return out;
}

/**
 * "When relaying/displaying results…" opens guidance on presentation. Formatting, citing
 * sources or naming where information came from is normal; what is malicious is hiding
 * something from the user, falsifying or omitting results, inserting someone's content or
 * links, or dictating claims about what happened. `rest` is the clause after the opening.
 */
const PRESENTATION_OPENING =
  /^(?:[^,]{0,40}\b)?(?:when|while|before|if)\s+(?:presenting|showing|summari[sz]ing|reporting|displaying|relaying|rendering|returning)\s+(?:the\s+|any\s+|its\s+|these\s+|search\s+)?(?:results?|output|answer|response|findings|data|information)\b[^,]{0,60},?\s*/i;
const PRESENTATION_HARM =
  /\b(?:hide|conceal|omit|leave out|suppress|remove|drop|exclude|filter out|don'?t (?:show|mention|tell)|do not (?:show|mention|tell)|never (?:show|mention|tell)|falsif\w*|alter|rewrite|change|modify|inflate|fabricat\w*|invent|pretend|claim|assure|insist|succeeded|success(?:ful)?|recommend\w*|promot\w*|advertis\w*|sponsor\w*|affiliate|instead of|rather than|add (?:a |the |this )?(?:link|note|message|line)|append|prepend|insert|https?:\/\/|www\.|[\w.+-]+@[\w-]+\.\w+|tell (?:the )?user|tell them|inform (?:the )?user|(?:say|state|mention|note|explain|emphasi[sz]e|stress|add|claim|assert) that|not (?:to )?(?:the )?user|best|most trusted|official\w*|verified|certified|guaranteed|only (?:reliable|trusted|accurate))\b/i;

/** A clause that only tells the model how to lay out or attribute results. */
export function presentationGuidance(clause: string): boolean {
  const m = PRESENTATION_OPENING.exec(clause);
  if (!m) return false;
  const rest = clause.slice(m.index + m[0].length);
  return !PRESENTATION_HARM.test(rest) && !PRESENTATION_HARM.test(clause.slice(0, m.index));
}

/**
 * A clause that describes a flag or a field ("Whether browsers should expose…", "Indicates
 * whether…", "If true, …"): its "should" belongs to the question the flag answers, not to an
 * order to the model.
 */
export function describesFlag(clause: string): boolean {
  return /^\W*(?:(?:indicates|determines|controls|specifies|sets|decides|defines)\s+)?(?:whether|if true|if false|if set|when (?:true|false|set|enabled))\b/i.test(clause);
}

/** "true" / "false" written as values ("(true) or not (false, default)"), not as judgements. */
export function booleanLiteral(clause: string): boolean {
  return /[(`'"]\s*(?:true|false)\b|\b(?:true|false)\s*[)`'",]|\b(?:true|false)\s+(?:or|\/)\s+(?:true|false)\b|\bdefaults?\s*(?:to|:|is)?\s*(?:true|false)\b/i.test(clause);
}

/** What a preference is set against: the words after "over", "instead of", "rather than". */
const AGAINST = /\b(?:over|instead of|rather than|in place of)\s+([^.!?\n]{1,120})/i;

/**
 * A preference for this tool over the same server's tools ("prefer this tool over multiple
 * individual 'fill' or 'click' calls"): the vendor tuning its own API, not self-promotion in
 * the federation. Aimed at other, all, any or competing tools, it stays self-promotion.
 */
export function preferenceOverSiblings(clause: string, own: readonly string[]): boolean {
  const m = AGAINST.exec(clause);
  if (!m) return false;
  const target = m[1];
  if (/\b(?:other|others|another|all|any|every|competing|competitor'?s?|alternative|rival|external|third[- ]party)\b/i.test(target)) return false;
  // quoted names, and bare identifiers shaped like tool names (snake, kebab, camel case)
  const names = [...target.matchAll(/`([\w.-]{1,64})`|'([\w.-]{1,64})'|"([\w.-]{1,64})"|(?<![\w.-])([A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*)(?![\w.-])/g)].map((n) => n[1] ?? n[2] ?? n[3] ?? n[4]);
  return names.length > 0 && names.every((n) => ownName(n, own));
}

/** "never returned", "always encrypted": an obligation on how the service treats the value. */
const PASSIVE_OBLIGATION = /\b(?:never|always|not)\s+(?:be\s+)?(?:\w+ed|shown|written|sent back|kept|stored|logged|returned|echoed)\b/gi;

/**
 * A mention of a credential-shaped field that tells the model nothing: a flag described by
 * "Whether…", or an obligation that only says how the service treats the value. Harvesting
 * needs a directive to fetch the user's secrets from elsewhere and put them into the call.
 */
export function describesCredentialField(clause: string, obligation: RegExp): boolean {
  if (describesFlag(clause)) return true;
  const rest = clause.replace(PASSIVE_OBLIGATION, " ");
  return rest !== clause && !obligation.test(rest);
}

/**
 * "maintenance mode should be enabled for the app" describes the product's mode; "you are now
 * in developer mode" puts the model in one. A mode phrase is a standing order only when it is
 * addressed to the model (second person or a named addressee).
 */
export function productMode(obeyMatch: string, clause: string, explicitAddressee: boolean): boolean {
  return /\bmode$/i.test(obeyMatch.trim()) && !explicitAddressee && !/\b(?:you|your|yourself)\b/i.test(clause);
}

/**
 * "The user doesn't know about files and directories": a statement of what the user knows,
 * written to shape the model's explanation. Hiding needs an order ("make sure the user does
 * not find out", "the user must never know"), which the caller checks separately.
 */
export function userUnaware(clause: string): boolean {
  return /\b(?:the\s+)?users?\s+(?:doesn'?t|does not|don'?t|do not|may not|might not|won'?t|will not|usually doesn'?t|often doesn'?t|probably doesn'?t)\s+(?:know|understand)\b/i.test(clause) && !/\b(?:must|should|shall|make sure|ensure|never)\b/i.test(clause);
}

/** A field the description marks optional or gives a purpose the user can see (telemetry). */
const DISCLOSED =
  /^\W*(?:optional|opcional|facultatif|optionnel|необязательн\S*|可选|任意)\b|\b(?:omit|leave out|skip) (?:this|the) field\b|\bif you (?:don't|do not) know\b|\b(?:may|can) be (?:omitted|left (?:out|empty|blank))\b|\b(?:for|used for|helps?(?: us)?(?: with)?) (?:telemetry|analytics|attribution|usage (?:statistics|stats|tracking|analytics)|tracking|logging|metrics|diagnostics|debugging|support|auditing|audit)\b|\b(?:shown|displayed|recorded|stored|kept) in the (?:audit|activity|access|usage) (?:log|trail|history)\b/iu;
/** The tool's own subject is models (an inference deployment, a model evaluation, an agent builder). */
const ABOUT_MODELS = /\b(?:models?|llms?|inference|evaluations?|evals?|agents?|genai|ai|fine-?tun\w*|embeddings?|completions?|prompts?)\b/i;

/**
 * Severity of a parameter that only asks for a model's identity (see ADR 0101): medium when
 * the description discloses it (optional, telemetry, attribution) or the tool is about models
 * itself (a model name is then the tool's subject); high for an undisclosed question aimed at
 * the calling model on a tool whose job has nothing to do with models.
 */
export function identitySeverity(description: string, toolText: string | undefined): "medium" | "high" {
  if (DISCLOSED.test(description)) return "medium";
  const subject = (toolText ?? "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ");
  return toolText !== undefined && ABOUT_MODELS.test(subject) ? "medium" : "high";
}

/** Where a tool's or prompt's own title sits: a short one says what the tool does. */
const TITLE_PLACES = new Set(["title", "annotations.title"]);

/**
 * A tool named for the destructive act it performs ("drop-database", "Delete Bucket")
 * describes itself: the destructive-directive rule does not apply to its own name, nor to a
 * title that is the name in words or a short Latin noun phrase (four words at most, no "all",
 * "every", "user"). Every other rule still reads them, and a sentence in a title is read like
 * any description.
 */
export function namesItsOwnAct(where: string, text: string, ruleId: string, toolName: string): boolean {
  if (ruleId !== "poison/destructive-directive") return false;
  if (where === "name") return true;
  if (!TITLE_PLACES.has(where)) return false;
  if (ownName(text, [toolName])) return true;
  return /^[A-Za-z0-9 -]+$/.test(text.trim()) && text.trim().split(/\s+/).length <= 4 && !/\b(?:all|every|everything|user|users|your|home|then|after)\b/i.test(text);
}

/** Verbs that move a value out of the call; obtaining a token is not one of them. */
const MOVES_OUT = /\b(?:send|forward|upload|post|e-?mail|share|leak|transmit|exfiltrate|copy|paste|attach|append|embed|include|report|disclose|reveal)\b/i;
const OBTAINS = /\b(?:obtain|get|refresh|fetch|retrieve|generate|create|request|renew|exchange|issue|mint)\b/i;
/** The user's or the model's own secret, as opposed to a token the API issues. */
const SOMEONES = /\b(?:your|user'?s|users'|their|his|her|the user)\b/i;
const ADDRESS_LIKE = /https?:\/\/|[\w.+-]+@[\w-]+\.\w+/i;

/**
 * The API's own authentication flow: a token or session obtained from a sibling tool ("first
 * call login to obtain an access token"). Not harvesting: nothing of the user's leaves, and
 * the tool named is the server's own. Passing the user's secrets to it, or moving anything
 * out, is not this habit.
 */
export function ownAuthFlow(clause: string, toolRefs: readonly string[], own: readonly string[]): boolean {
  // kebab-case names are tool references too ("call acme-login first")
  const refs = [...new Set([...toolRefs, ...(clause.match(/(?<![\w.-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+(?![\w-])/g) ?? [])])];
  if (refs.length === 0 || !refs.every((r) => ownName(r, own))) return false;
  return OBTAINS.test(clause) && !MOVES_OUT.test(clause) && !SOMEONES.test(clause) && !ADDRESS_LIKE.test(clause);
}

const DESTROY_STEM = /\b(drop|delete|remove|truncate|wipe|purge|erase|destroy|reset|clear|empty)/i;
/** Sequencing, hiding or repetition that turns a description into a standing order. */
const ORDERS_MORE = /\b(?:after|afterwards|then|once|whenever|every time|each time|silently|quietly|also|too|before answering|regardless)\b/i;

/**
 * "Drop the database with the given name." in the tool `drop_database`: a vendor describing
 * its own tool in the imperative, not an order to destroy something else. `toolName` is the
 * tool the text belongs to.
 */
export function describesOwnAct(clause: string, toolName: string | undefined): boolean {
  if (!toolName) return false;
  const verb = DESTROY_STEM.exec(clause.trimStart().slice(0, 20));
  if (!verb) return false;
  const nameWords = toolName.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/);
  return nameWords.some((w) => w.startsWith(verb[1].toLowerCase())) && !ORDERS_MORE.test(clause);
}

/**
 * "Tell the user that no matches were found": the negation belongs to what the user is told,
 * not to the telling; in "returns no results" it counts results. Both are masked before the
 * not-tell test.
 */
export function withoutReportedNegation(clause: string): string {
  return clause
    .replace(/\b(that|whether)\s+(?:no|none of|nothing|not)\b/gi, "$1 zero")
    // "returns no results": a determiner on a count, not a negated verb
    .replace(/\bno\s+(results?|matches|match|data|items?|records?|entries|files?|errors?|output|content|documents?|hits|rows?)\b/gi, "zero $1");
}

/**
 * "say you don't know if the documents don't contain the answer": the model's own ignorance,
 * told honestly. Masked before the "kept from knowing" test, which is about the user.
 */
export function withoutOwnIgnorance(clause: string): string {
  return clause.replace(/\b(?:you|i|we)\s+(?:don'?t|do not|doesn'?t|does not)\s+know\b/gi, "you are unsure");
}

/**
 * "Add this server to your mcp.json": installation help for the user, which names a client
 * configuration file without reading or moving its contents.
 */
export function setupHint(clause: string): boolean {
  return (
    /\b(?:add|register|install|configure|enable|list)\s+(?:this|the\s+\w+)\s+(?:mcp\s+)?(?:server|tool|extension|integration)\b[^.!?\n]{0,40}\b(?:to|in|into)\b/i.test(clause) &&
    !/\b(?:read|cat|open|contents?|send|include|copy|paste|upload|forward|post|share|token|key|secret|password|credential)/i.test(clause.replace(/\b(?:mcp|claude_desktop_config)\.json\b/gi, " "))
  );
}

/** Operational caveats: how long, how final, how limited or how billed the operation is. */
const CAVEAT = /\b(?:may|might|can|could|will|usually|typically)\s+(?:take|be delayed|fail|time out|incur|be (?:charged|billed))\b|\bup to \d+\s*(?:seconds?|minutes?|hours?|days?)\b|\b(?:cannot|can't|can not)\s+be\s+(?:undone|reversed|recovered)\b|\b(?:is|are)\s+(?:irreversible|permanent|rate[- ]limited|limited to)\b|\bwill be (?:charged|billed)\b/i;
/** Claims an attacker dictates: standing, safety, price, success, provenance. */
const DICTATED_CLAIM = /\b(?:free|no (?:fees?|costs?|charges?)|safe|secure|verified|official\w*|certified|guaranteed|trusted|best|recommended|endorsed|succeeded|successful|approved|built by|made by|only)\b/i;

/**
 * "Tell the user that provisioning can take up to 10 minutes", "warn the user that deleting
 * cannot be undone": a vendor asking the model to pass on an operational caveat, not a claim
 * it dictates. A caveat that also claims standing, safety, price or success is not excused.
 */
export function caveatNotice(clause: string): boolean {
  return CAVEAT.test(clause) && !DICTATED_CLAIM.test(clause);
}

/** Machine formats a vendor would rather see summarized than pasted. */
const RAW_FORMAT = /\b(?:raw\s+(?:json|xml|html|api\s+)?(?:output|response|data|payload|json|xml|html)|raw\s+json|internal\s+(?:ids?|identifiers|uuids?)|stack\s+traces?|(?:html|xml)\s+markup|base64\s+(?:data|strings?|blobs?))\b/i;
/** The user still gets the content another way, or on request. */
const STILL_TOLD = /\b(?:instead|summari[sz]e\w*|unless\s+(?:the\s+user\s+)?(?:asks?|asked|requests?|requested|wants?|needed)|on\s+request|in\s+a\s+(?:table|list|summary))\b/i;

/**
 * "Do not show the raw JSON to the user; summarize it instead", "hide internal IDs unless
 * asked": presentation of a machine format, not concealment of what happened. Anything beyond
 * a raw format, or without the summary or the on-request alternative, stays concealment.
 */
export function rawFormatGuidance(clause: string): boolean {
  return RAW_FORMAT.test(clause) && STILL_TOLD.test(clause) && !/\b(?:errors?|warnings?|fail\w*|fees?|costs?|charges?|calls?|instructions?|url|links?|secrets?|keys?|tokens?|files?|actions?|send|forward|post|upload)\b|https?:\/\/|[\w.+-]+@[\w-]+\./i.test(clause.replace(RAW_FORMAT, " "));
}

/**
 * Habits of real vendor documentation that read like directives but are not attacks (see
 * docs/adr/0052-vendor-documentation-habits.md): presentation guidance for results, a flag
 * described by "Whether…", a boolean literal, a product's mode, operational caveats, raw
 * formats summarized, identity questions disclosed. Each helper answers one question a detector
 * asks before it raises a finding; none looks at a server or tool name. Names and acts that
 * belong to the tool itself are in own-scope.ts.
 */

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

/** "never returned", "always encrypted": an obligation on how the service treats the value. */
const PASSIVE_OBLIGATION = /\b(?:never|always|not)\s+(?:be\s+)?(?:\w+ed|shown|written|sent back|kept|stored|logged|returned|echoed|returns|shows|logs|stores|exposes|reveals|prints|displays)\b/gi;

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

/** The format a credential must have ("min 8 chars, must include uppercase", "must start with pk."): a field's rules. */
const CREDENTIAL_FORMAT = /\b(?:min(?:imum)?\.?|at least|max(?:imum)?\.?|up to)\s*\d+\s*(?:chars?|characters|digits|letters|symbols)\b|\b(?:must|should)\s+(?:start|begin|end)\s+with\b|\b(?:uppercase|lowercase|special char(?:acter)?s?)\b/i;
export function credentialFormat(clause: string): boolean {
  return CREDENTIAL_FORMAT.test(clause);
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
 * Severity of a parameter that only asks for a model's identity (see ADR 0052): medium when
 * the description discloses it (optional, telemetry, attribution) or the tool is about models
 * itself (a model name is then the tool's subject); high for an undisclosed question aimed at
 * the calling model on a tool whose job has nothing to do with models.
 */
export function identitySeverity(description: string, toolText: string | undefined): "medium" | "high" {
  if (DISCLOSED.test(description)) return "medium";
  const subject = (toolText ?? "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ");
  return toolText !== undefined && ABOUT_MODELS.test(subject) ? "medium" : "high";
}

/**
 * "Tell the user that no matches were found": the negation belongs to what the user is told,
 * not to the telling; in "returns no results" it counts results. Both are masked before the
 * not-tell test.
 */
export function withoutReportedNegation(clause: string): string {
  return clause
    .replace(/\b(that|whether)\s+(?:no|none of|nothing|not)\b/gi, "$1 zero")
    // "if llm_id not mentioned by user": what the user said, not what the user is told
    .replace(/\b(?:not|never)\s+((?:mentioned|specified|provided|given|supplied|stated|named|indicated)\s+by\s+(?:the\s+)?users?)\b/gi, "$1")
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

/** Something that fails or is dropped without notice: "may fail silently", "silently omitted", "can't silently route". */
const SILENT_BEHAVIOUR =
  /\b(?:can't|cannot|can not|won't|never|fail(?:s|ed|ing)?)\s+(?:\w+\s+)?(?:silently|quietly)\b|\b(?:silently|quietly)\s+(?:omitted|ignored|dropped|skipped|discarded|truncated|fail\w*|falls? back|fell back|clamped|coerced|capped|rounded|partial|incomplete|empty|wrong|stale)\b/i;
/** "silently" or "quietly" where it describes the product's failure modes, not an order to the model. */
export function silentBehaviour(clause: string): boolean {
  const all = clause.match(/\b(?:silently|quietly)\b/gi)?.length ?? 0;
  const described = clause.match(new RegExp(SILENT_BEHAVIOUR.source, "gi"))?.length ?? 0;
  return all > 0 && described >= all;
}

/** Credentials the server makes and uses itself: "Upload credentials are generated and used internally". */
const OWN_CREDENTIALS =
  /\b(?:credentials?|tokens?|keys?|passwords?|secrets?)\s+(?:are|is|will be|get|gets)\s+(?:\w+\s+){0,3}(?:generated|created|issued|handled|managed|obtained|refreshed|rotated|used|stored)\b[^.!?\n]{0,40}\b(?:internally|automatically|by (?:this|the) (?:tool|server))\b/i;
export function ownCredentials(clause: string): boolean {
  return OWN_CREDENTIALS.test(clause);
}

/** "Don't bother telling the user the IDs unless they ask for them": details held back until asked, nothing hidden. */
export function detailsOnRequest(clause: string): boolean {
  return /(?<![\p{L}])(?:unless (?:the user|they|he|she|someone|asked)(?: \S+)? (?:asks?|requests?|wants?)|unless asked|on request)(?![\p{L}])/iu.test(clause) && !/(?<![\p{L}])even (?:if|when)(?![\p{L}])/iu.test(clause);
}

/** A precondition that is the user's own say-so: "Before using this tool, double-check with the user that…". */
export function checksWithUser(clause: string): boolean {
  return /(?<![\p{L}])(?:(?:double-?check|check|confirm|verify) with the user|ask the user (?:to confirm|whether|if)|(?:get|obtain) (?:the user's )?(?:explicit )?confirmation)(?![\p{L}])/iu.test(clause);
}

/** What is said to the user ("warn the user that removing a domain is irreversible"): reported, not ordered. */
export function toldToUserBefore(clause: string, at: number): boolean {
  const m = /(?<![\p{L}])(?:warn|tell|inform|remind|notify|explain to)\w* (?:the user|them|users) that(?![\p{L}])/iu.exec(clause);
  return m !== null && m.index < at;
}

/** "Remove one user's assignment from any document": one object named by the tool's own act. */
export function singleObjectAct(clause: string): boolean {
  return /^(?:remove|delete|drop|unassign|detach|revoke|cancel|archive)s? (?:one|a single|the (?:given|specified|selected|provided))(?![\p{L}])/iu.test(clause.trim());
}

/** "…when there are no other specific tools available": a fallback, not a claim over other tools. */
export function fallbackOnly(clause: string): boolean {
  return /(?<![\p{L}])(?:(?:when|if|where) (?:there (?:are|is) )?no (?:other |more )?(?:specific |dedicated |suitable )?(?:\S+ )?tools?(?: \S+)? (?:available|exists?|fits?|applies)|as a (?:last resort|fallback))(?![\p{L}])/iu.test(clause);
}

/** "…keep that out of the report entirely": the user's work kept out of what is sent to a vendor protects the user. */
export function keptOutOfOutgoing(clause: string): boolean {
  return /(?<![\p{L}])(?:keep|leave)\w*(?: \S+){0,6} out of (?:the |this |your |any )?(?:bug |feedback |issue )?(?:report|issue|feedback|ticket|submission|telemetry|logs?)(?![\p{L}])(?! (?:to|for|you give|shown to) (?:the )?user)/iu.test(clause);
}

/** "Values are never shown.": secrets kept from display protect them; nothing the model does is hidden. */
export function secretsNeverShown(clause: string): boolean {
  return /^(?:the |their |its |secret |credential )*(?:values?|secrets?|passwords?|tokens?|keys?|credentials?)(?: \S+){0,3} (?:are|is|will be|get) never (?:shown|displayed|returned|logged|printed|revealed|exposed)(?![\p{L}])/iu.test(clause.trim());
}

/** "`reset_session` clears chat history", "'remove_tag' removes a tag": a quoted tool or method name and its act, described. */
export function quotedNameActs(clause: string): boolean {
  return /^\s*[`'"][\w.-]{1,60}[`'"]\s+\p{L}+(?:s|es)(?![\p{L}])/u.test(clause);
}

/** "Sessions store conversation history for use with the session_id parameter": what the server keeps, described. */
export function serverKeeps(clause: string): boolean {
  return /^(?:sessions?|the server|this (?:tool|server)|it|history|conversations?) (?:stores?|keeps?|saves?|retains?|persists?)(?![\p{L}])/iu.test(clause.trim());
}

/** "Do not use @ to mention users, use the mentionsList field": a platform's @-mentions, not the user kept uninformed. */
export function platformMention(clause: string): boolean {
  return /@\s?(?:to )?mention|mention\w* (?:users?|people|someone|them) (?:with|using|via) @|mentionsList|@-?mentions?/iu.test(clause);
}

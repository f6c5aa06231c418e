import { compileClasses, type TermClass } from "./lexicon";

/**
 * What one clause of a description contains, as term classes and structure: the detectors
 * decide on combinations of these, never on one phrase.
 */
export interface ClauseFeatures {
  text: string;
  has: Record<TermClass, boolean>;
  /** Index of the first match of a class (-1 when absent). */
  at: Record<TermClass, number>;
  /** Names the model (assistant, AI, model, LLM…), not merely "you". */
  explicitAddressee: boolean;
  /** The clause without leading bullets and fillers ("please", "also"…). */
  lead: string;
  /** Starts with an action verb: an imperative. */
  imperative: boolean;
  /** Points at a parameter, field or URL to put something into. */
  destination: boolean;
  /** A credential file or directory (~/.ssh, id_rsa, .aws/credentials, mcp.json…). */
  strongFile: boolean;
  /** A weaker sensitive file (.env, .npmrc…): sensitive only with an instruction. */
  weakFile: boolean;
  /** Identifiers the clause names as tools (backticked, quoted, snake_case, "the X tool"). */
  toolRefs: string[];
}

const CLASSES = compileClasses();
const TERM_CLASSES = Object.keys(CLASSES) as TermClass[];

const STRONG_FILE =
  /(?:~|\$HOME|%USERPROFILE%|\/home\/\w+|\/root)?[\\/]?\.(?:ssh|aws[\\/]credentials|gnupg|kube[\\/]config|docker[\\/]config\.json|git-credentials|netrc|pgpass|bash_history|zsh_history)\b|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\bauthorized_keys\b|\/etc\/(?:passwd|shadow|sudoers)\b|\b(?:mcp|claude_desktop_config)\.json\b|\bwallet\.dat\b|\.aws\b|(?:^|[\s"'`(])\*\.(?:pem|key|p12|pfx|jks|keystore|kdbx)\b/i;
const WEAK_FILE = /(?:^|[\s"'`(=:~/\\])\.(?:env|npmrc|pypirc|cursor)\b|\bcredentials?\.json\b|\bsecrets?\.(?:json|ya?ml|toml)\b/i;
const EXPLICIT_ADDRESSEE =
  /(?<![\p{L}\p{N}_])(?:assistants?|ai(?!-\p{L})|llms?|language models?|the model|(?<!user[ -])agents?|chatbots?|claude|chatgpt|gpt-?\d*|gemini|copilot|asistente|assistente|assistent(?:en)?|modelo|modells?|modèle|ki|(?:la|a|l'|para a|pour l')\s?ia|ассистент\S*|модел[ьи]\S*|ии)(?![\p{L}\p{N}_])|助手|模型|人工智能|アシスタント|モデル|(?<![A-Za-z])AI(?=[へにのはが])/iu;
/**
 * A parameter, field or URL to put something in: "in the notes field", "to the X tool", and a field
 * in backticks right after a placing word ("as `signature`", "dans `preferences`", "放入 `cache_id`",
 * "`memo` に"; no dot or slash, so not a file).
 */
const DESTINATION =
  /(?<![\p{L}])(?:in|into|as|to|within|inside|via|through|using)\s+(?:the\s+|a\s+|this\s+)?[`'"]?(?![\w-]*(?:key|token|password|secret|credential|auth)[`'"\s])[\p{L}_-]+[`'"]?\s+(?:parameter|param|argument|arg|field|property|input|variable|query string)(?![\p{L}])|\bto\s+(?:the\s+)?[`'"]?[\w.-]+[`'"]?\s+(?:tool|function|server|endpoint|webhook)\b|\b(?:along\s*(?:side|with)|append(?:ed)?\s+to|attach(?:ed)?\s+to)\b|(?:(?:im|ins|in den|in das) (?:parameter|feld)|parámetro|campo|feld|paramètre|champ|parâmetro|параметр\S*|пол[еяю])|参数|字段|パラメータ|フィールド|(?:(?<![\p{L}])(?:in|into|as|inside|within|dans|en|em|no|na|im|ins|в|во)\s+|放入|填入|写入|附在|附上|加入|传入|拼接到|放到|填到|写到|存入)\s*`[A-Za-z_][A-Za-z0-9_]{0,40}`|`[A-Za-z_][A-Za-z0-9_]{0,40}`\s*(?:に|へ)/iu;
const TOOL_REF = /`([A-Za-z][\w.-]{1,63})`|['"]([A-Za-z][\w.-]{1,63})['"]|\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b(?!=)|\b(?:the|der|die|das|el|la|le|o|a)\s+([A-Za-z][\w-]{1,63})\s+(?:tool|function|herramienta|outil|ferramenta|werkzeug)\b/g;

/** At most three words since the line or the sentence began (tested on the text before a line break). */
const SHORT_START = /(?:^|\n|[.!?;:]\s)[ \t]*(?:[\p{L}\p{N}_`'"-]+[ \t]+){0,2}[\p{L}\p{N}_`'"-]+$/u;

/** Splits text into clauses (sentences and lines) in any of the supported scripts. */
export function splitClauses(text: string): string[] {
  // a sentence wrapped after its first words ("…models. Silently\nignored by models…") is one
  // line: at most three words since the line or sentence began, a lowercase letter after the break
  return (text.includes("\n") ? text.replace(/[ \t]*\n[ \t]*(?=\p{Ll})/gu, (br, at: number) => (SHORT_START.test(text.slice(Math.max(0, at - 60), at)) ? " " : br)) : text)
    .split(/(?<=[.!?;:])\s+|\n+|(?<=[。！？；])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const OUTPUT_FIELD_BEFORE = /(?<![\p{L}])(?:receive|receives|returns?|yields?|get back|gets back)\s+(?:a |an |the )?$/iu;
const OUTPUT_FIELD_AFTER = /^\s+(?:in|from) (?:the )?(?:response|result|output|reply)(?![\p{L}])|^\s+(?:field|key|property)(?![\p{L}])/iu;

function toolRefsOf(text: string): string[] {
  const refs = new Set<string>();
  // a path inside a link ("https://api.ebay.com/oauth/api_scope") names no tool
  for (const m of text.replace(/https?:\/\/\S+/gu, " ").matchAll(TOOL_REF)) {
    // an argument's value (entity_type="view_name") or a field the response carries
    // ("receive `cached_uris` in response") is no tool
    if (m.index > 0 && (text[m.index - 1] === "=" || OUTPUT_FIELD_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index)) || OUTPUT_FIELD_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 24)))) continue;
    const ref = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (ref && !/^(?:this|that|same|other|any|every)$/i.test(ref)) refs.add(ref);
  }
  return [...refs];
}

/** The clause names credentials, private files or the model's context. */
export function touchesSecrets(f: ClauseFeatures): boolean {
  return f.has.secret || f.has.context || f.strongFile || f.weakFile;
}

/** The features of one clause. */
export function clauseFeatures(text: string): ClauseFeatures {
  const has = {} as Record<TermClass, boolean>;
  const at = {} as Record<TermClass, number>;
  for (const cls of TERM_CLASSES) {
    const m = CLASSES[cls].exec(text);
    has[cls] = m !== null;
    at[cls] = m ? m.index : -1;
  }
  // "To continue, call …" and "If it fails, read …" are imperatives after an introductory phrase
  const lead = text.replace(/^(?:[-*•>#\d.)\s]+|<[^>]{1,40}>\s*|(?:to|in order to|if|when|whenever|every time|each time|as soon as|as part of|for|before|after|once|upon)\b[^,]{0,60},\s*|(?:please|also|then|now|first|next|and|finally|additionally|kindly|go ahead and|feel free to),?\s+)+/i, "");
  const leadAction = CLASSES.action.exec(lead);
  return {
    text,
    has,
    at,
    lead,
    explicitAddressee: EXPLICIT_ADDRESSEE.test(text),
    imperative: leadAction !== null && leadAction.index <= 1,
    destination: DESTINATION.test(text),
    strongFile: STRONG_FILE.test(text),
    weakFile: WEAK_FILE.test(text),
    toolRefs: toolRefsOf(text),
  };
}

/**
 * What belongs to the tool itself (see docs/adr/0052-vendor-documentation-habits.md): the
 * server's own tools and the tool's own parameters, named in its documentation; the tool's own
 * act in its name, title or imperative description; a token from the server's own login tool.
 * The detectors ask these before treating a name as another server's tool or an act as an order.
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
  let names = KEYED.get(own);
  if (!names) {
    names = new OwnNames(own);
    KEYED.set(own, names);
  }
  return names.has(ref);
}

/** The lists ownName has keyed, by identity (a server's tool list is one array for all its texts). */
const KEYED = new WeakMap<readonly string[], OwnNames>();

/** A server's own names, keyed once: a long tool list is compared with every name its texts mention. */
export class OwnNames {
  private readonly keys: Set<string>;

  constructor(private readonly names: readonly string[]) {
    this.keys = new Set(names.map(nameKey).filter((k) => k.length > 0));
  }

  /** See ownName. */
  has(ref: string): boolean {
    // "source_options.archive_path": a nested field of one of the tool's own fields
    const dot = ref.indexOf(".");
    if (dot > 0 && this.keys.has(nameKey(ref.slice(0, dot)))) return true;
    // "get-workout-workoutId=<id>": an own name with something appended (a misuse the docs warn of)
    if (this.names.some((n) => n.length >= 4 && ref.length > n.length && ref.startsWith(n) && /^[-_.=]/.test(ref.slice(n.length)))) return true;
    const key = nameKey(ref);
    return key.length > 0 && this.keys.has(key);
  }
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
  // a tool named for the conversation ("upload-chat-history") names its own job, which its definition is judged on
  if (ruleId === "poison/context-harvest" && where === "name") return text.split(/[\s_.-]+/).filter(Boolean).length <= 4;
  // a prompt the user picks, telling what it will collect ("The conversation history will be collected, sanitized and uploaded"), discloses
  if (ruleId === "poison/context-harvest" && toolName.startsWith("prompt:")) return /\bwill be (?:collected|gathered|included|uploaded|sent|attached|shared)\b/i.test(text) && !/\b(?:you|assistant|model|agent)\b/i.test(text);
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

import type { Severity } from "../findings";
import type { TechniqueFinding } from "./techniques";

/**
 * What the description rules share: alternatives matched as whole words (in scripts with spaces),
 * and a high finding quoting the clause it was found in.
 */

const B = "(?<![\\p{L}\\p{N}_])";
const E = "(?![\\p{L}\\p{N}_])";

/** An e-mail address, bounded so that a long run of word characters without "@" stays linear. */
export const EMAIL = /(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{1,63}/;

/** An environment variable named like a credential: `STRIPE_SECRET_KEY`, `DATABASE_URL`. */
export const CREDENTIAL_VARIABLE = /\b[A-Z][A-Z0-9]*_(?:[A-Z0-9]+_)*(?:TOKEN|KEY|SECRET|PASSWORD|PASSWD|CREDENTIALS?|DSN|(?:DATABASE|DB|REDIS|MONGO\w*|POSTGRES\w*)_UR[LI])\b/;

/** Before and after a term of a frame: no letter next to it (any script). */
export const WORD_START = "(?<![\\p{L}])";
export const WORD_END = "(?![\\p{L}])";

/** One case-insensitive Unicode expression matching any of `parts` (regular-expression sources). */
export function anyOf(parts: readonly string[]): RegExp {
  return new RegExp(parts.join("|"), "iu");
}

/** Alternatives matched as whole words. */
export function words(list: readonly string[]): string {
  return `${B}(?:${list.join("|")})${E}`;
}

/** A finding quoting its clause (shortened to 90 characters); high unless told otherwise. */
export function frameFinding(ruleId: string, message: string, clause: string, severity: Severity = "high"): TechniqueFinding {
  const clean = clause.replace(/\s+/g, " ");
  return { ruleId, severity, message: `${message}: "${clean.length > 90 ? `${clean.slice(0, 87)}...` : clean}"` };
}

/** A third-person opening ("Deletes…", "Runs…", "Удаляет…") describes the tool; "Delete…" orders the model. */
export const THIRD_PERSON_OPENING = /^\p{L}*(?:[^s\s]s|ет|ит|ют|ят|ется|ится)(?![\p{L}])/u;

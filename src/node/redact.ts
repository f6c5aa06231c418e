/**
 * Credentials must never leave the node in what it shows: peer URLs may embed `user:pass@` or a
 * `?token=` and error texts may quote such URLs. Everything the node displays (health, peers,
 * logs, audit) goes through these.
 */

/** Query parameters whose values are credentials. */
const SECRET_PARAM = /token|key|secret|pass|pwd|auth|sig|credential|session|code|bearer/i;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'<>`]+/gi;
const BEARER_IN_TEXT = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
export const REDACTED = "redacted";

/** The URL without userinfo, with credential-like query values replaced; unparsable input is redacted whole. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return REDACTED;
  }
  if (!parsed.username && !parsed.password && ![...parsed.searchParams.keys()].some((k) => SECRET_PARAM.test(k))) return url;
  parsed.username = "";
  parsed.password = "";
  for (const key of [...new Set(parsed.searchParams.keys())]) {
    if (SECRET_PARAM.test(key)) parsed.searchParams.set(key, REDACTED);
  }
  return parsed.toString();
}

/** Free text (an error message) with every URL in it redacted and bearer/basic credentials removed. */
export function redactText(text: string): string {
  return text.replace(URL_IN_TEXT, (u) => redactUrl(u)).replace(BEARER_IN_TEXT, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}

/** A copy of a status object whose `url` and `lastError` fields are redacted. */
export function redactStatus<T extends { url?: string; lastError?: string | null }>(status: T): T {
  return {
    ...status,
    ...(typeof status.url === "string" ? { url: redactUrl(status.url) } : {}),
    ...(typeof status.lastError === "string" ? { lastError: redactText(status.lastError) } : {}),
  };
}

/**
 * A pino serializer for `err` fields: strings and errors alike come out as redacted text
 * (hosted servers' connection errors quote their URLs). Stacks stay in the log.
 */
export function redactErr(err: unknown): unknown {
  if (typeof err === "string") return redactText(err);
  if (err instanceof Error) return { type: err.name, message: redactText(err.message), stack: err.stack ? redactText(err.stack) : undefined };
  return err;
}

import type { JWTPayload } from "jose";
import { SCOPES, type Scope } from "../config/config-schema";

/** Principal ids taken from tokens: printable, bounded, nothing that could smuggle markup or paths. */
const PRINCIPAL_ID = /^[A-Za-z0-9._@:|/+-]{1,200}$/;

/** The scopes a token grants: `scope` (space-separated) or `scp` (array); unknown names are ignored. */
export function scopesOf(claims: JWTPayload): Scope[] | undefined {
  const raw = typeof claims.scope === "string" ? claims.scope.split(" ") : Array.isArray(claims.scp) ? claims.scp : undefined;
  if (raw === undefined) return undefined;
  const known = SCOPES as readonly string[];
  return [...new Set(raw.filter((s): s is Scope => typeof s === "string" && known.includes(s)))];
}

/** The principal id of a token: `sub`, else `client_id` (client-credentials tokens); undefined if unusable. */
export function principalIdOf(claims: JWTPayload): string | undefined {
  const id = typeof claims.sub === "string" ? claims.sub : typeof claims.client_id === "string" ? claims.client_id : undefined;
  return id !== undefined && PRINCIPAL_ID.test(id) ? id : undefined;
}

/** A token's `iat` may not lie in the future beyond the allowed skew (jose only checks it against a max age). */
export function issuedInFuture(claims: JWTPayload, nowSec: number, skewSec: number): boolean {
  return typeof claims.iat === "number" && claims.iat > nowSec + skewSec;
}

/** Does this bearer credential have the shape of a compact JWS (three base64url parts, a JSON header)? */
export function looksLikeJwt(token: string): boolean {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || parts[0].length === 0) return false;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    return header !== null && typeof header === "object" && typeof (header as { alg?: unknown }).alg === "string";
  } catch {
    return false;
  }
}

/** `https://node.example/` and `https://node.example` name the same audience. */
export function audienceVariants(urls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const u of urls) {
    const bare = u.replace(/\/+$/, "");
    out.add(bare);
    out.add(`${bare}/`);
  }
  return [...out];
}

import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { Scope } from "../config/config-schema";
import { PARTNER_MAX_LIFETIME_SEC } from "./jwt-verifier";
import type { NodeIdentity } from "./node-identity";

export interface NodeAssertionOptions {
  /** The partner's base URL: the assertion is good for that node only. */
  audience: string;
  /** Scopes asked for; the partner grants at most those of its `partners` entry. */
  scopes?: readonly Scope[];
  /** Lifetime in seconds, at most 300 (default 60). */
  ttlSec?: number;
}

/**
 * A short-lived JWT with which this node authenticates to a partner that lists it in `partners`:
 * EdDSA with the node's active key, `iss` the node's name, `aud` the partner's URL, a unique
 * `jti`. Nothing shared is needed: the partner verifies it with this node's published JWKS.
 */
export function nodeAssertionSigner(identity: NodeIdentity, issuer: string) {
  return async function signNodeAssertion(options: NodeAssertionOptions): Promise<string> {
    const ttl = options.ttlSec ?? 60;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > PARTNER_MAX_LIFETIME_SEC) throw new RangeError(`an assertion lives 1-${PARTNER_MAX_LIFETIME_SEC} s`);
    const { kid, key } = await identity.signingKey();
    const now = Math.floor(Date.now() / 1000);
    const claims = options.scopes === undefined ? {} : { scope: options.scopes.join(" ") };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid })
      .setIssuer(issuer)
      .setAudience(options.audience.replace(/\/+$/, ""))
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .setJti(randomUUID())
      .sign(key);
  };
}

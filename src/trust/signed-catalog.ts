import { createHash, createPublicKey, sign, verify } from "node:crypto";
import { z } from "zod";
import { canonicalize } from "./jcs";
import { thumbprintOf, type PublicJwk, type SigningKey } from "./node-identity";

/** Response header that carries a catalog's signatures (one compact JWS per live node key, comma-separated). */
export const CATALOG_SIGNATURE_HEADER = "x-mcpfed-catalog-signature";
/** The JWS `typ` of a catalog signature. */
export const CATALOG_SIGNATURE_TYPE = "mcpfed-catalog+jws";
/** More signatures than this in one header are not looked at (a rotation needs two). */
const MAX_SIGNATURES = 4;

/** What a catalog signature says: who, when, which revision, and the digest of exactly the entries served. */
export const CatalogClaimsSchema = z
  .object({
    iss: z.string().min(1).max(256),
    /** Issue time in milliseconds (finer than JWT seconds so that two catalogs in one second still order). */
    iat: z.number().int().nonnegative(),
    /** The catalog revision on the signer; with iat, orders catalogs to refuse replays. */
    seq: z.number().int().nonnegative(),
    /** SHA-256 (base64url) of the RFC 8785 form of the served array of tool definitions. */
    digest: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    tools: z.number().int().nonnegative(),
  })
  .strict();
export type CatalogClaims = z.infer<typeof CatalogClaimsSchema>;

const HeaderSchema = z.object({
  alg: z.literal("EdDSA"),
  typ: z.literal(CATALOG_SIGNATURE_TYPE),
  kid: z.string().max(64),
  jwk: z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).passthrough(),
});

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64url");

/** SHA-256 (base64url) of the canonical form of a value: the digest of one tool definition or of a whole catalog. */
export function digestOf(value: unknown): string {
  return createHash("sha256").update(canonicalize(value)).digest("base64url");
}

/**
 * Signs the entries a node serves to partners. Every live key signs the same claims, so during a
 * rotation the previous key vouches for the new one: a partner that pinned the old key sees it
 * sign beside the new key and moves on to the new one (ADR 0026).
 */
export function signCatalog(entries: readonly unknown[], keys: readonly { key: SigningKey; jwk: PublicJwk }[], claims: { iss: string; seq: number; iat?: number }): string {
  const payload: CatalogClaims = { iss: claims.iss, iat: claims.iat ?? Date.now(), seq: claims.seq, digest: digestOf(entries), tools: entries.length };
  const body = b64(JSON.stringify(payload));
  return keys
    .slice(0, MAX_SIGNATURES)
    .map(({ key, jwk }) => {
      const header = b64(JSON.stringify({ alg: "EdDSA", typ: CATALOG_SIGNATURE_TYPE, kid: jwk.kid, jwk: { kty: "OKP", crv: "Ed25519", x: jwk.x } }));
      return `${header}.${body}.${b64(sign(null, Buffer.from(`${header}.${body}`), key.key))}`;
    })
    .join(",");
}

/** What the receiving node knows before checking: the key it trusts and the newest catalog it accepted. */
export interface CatalogExpectation {
  /** Thumbprint of the key that must sign (pinned in config, or remembered on first use). */
  trustedKey?: string;
  last?: { iat: number; seq: number };
}

export type CatalogVerification =
  | { valid: true; claims: CatalogClaims; kid: string; keys: string[] }
  | { valid: false; reason: string; offeredKeys: string[] };

/**
 * Checks a catalog against its signature header: every signature must be a well-formed EdDSA JWS
 * over the same claims, the digest must match the entries as received, one signer must be the
 * trusted key (when one is known), and the catalog must not be older than the last one accepted.
 */
export async function verifyCatalog(header: string | undefined, entries: unknown, expect: CatalogExpectation): Promise<CatalogVerification> {
  const fail = (reason: string, offeredKeys: string[] = []): CatalogVerification => ({ valid: false, reason, offeredKeys });
  if (!header) return fail("the catalog is not signed");
  if (header.length > 16_384) return fail("the catalog signature header is too large");
  const parts = header.split(",").map((s) => s.trim()).slice(0, MAX_SIGNATURES);
  const verified: { kid: string; claims: CatalogClaims }[] = [];
  const offered: string[] = [];
  for (const jws of parts) {
    const [h, p, s, extra] = jws.split(".");
    if (!h || !p || !s || extra !== undefined) return fail("a catalog signature is not a compact JWS");
    let head: z.infer<typeof HeaderSchema>;
    let claims: CatalogClaims;
    try {
      head = HeaderSchema.parse(JSON.parse(Buffer.from(h, "base64url").toString("utf8")));
      claims = CatalogClaimsSchema.parse(JSON.parse(Buffer.from(p, "base64url").toString("utf8")));
    } catch {
      return fail("a catalog signature has a malformed header or claims");
    }
    const kid = await thumbprintOf(head.jwk.x);
    offered.push(kid);
    if (!verifies(head.jwk.x, `${h}.${p}`, s)) return fail("a catalog signature does not verify", offered);
    verified.push({ kid, claims });
  }
  if (verified.length === 0) return fail("the catalog is not signed");
  const claims = verified[0].claims;
  if (verified.some((v) => canonicalize(v.claims) !== canonicalize(claims))) return fail("the catalog signatures disagree", offered);
  if (!Array.isArray(entries) || entries.length !== claims.tools || digestOf(entries) !== claims.digest) {
    return fail("the catalog does not match its signed digest (altered in transit?)", offered);
  }
  if (expect.trustedKey !== undefined && !offered.includes(expect.trustedKey)) {
    return fail(`signed by an unknown key (${offered.join(", ")}); trusted key is ${expect.trustedKey}: POST /peers/:host/accept-key to accept it`, offered);
  }
  const last = expect.last;
  if (last && (claims.iat < last.iat || (claims.iat === last.iat && claims.seq < last.seq))) {
    return fail(`replayed catalog: issued ${new Date(claims.iat).toISOString()} (seq ${claims.seq}), older than the last accepted (seq ${last.seq})`, offered);
  }
  // the first signer is the active key; when an older trusted key co-signed, trust moves on to it
  return { valid: true, claims, kid: offered[0], keys: offered };
}

/** EdDSA check that says no (never throws) on a key or signature that is not even well-formed. */
function verifies(x: string, signingInput: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
    return verify(null, Buffer.from(signingInput), key, Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}

import { createPublicKey, sign, verify } from "node:crypto";
import { z } from "zod";
import { digestOf } from "./signed-catalog";
import { thumbprintOf, type PublicJwk, type SigningKey } from "./node-identity";

/** The JWS `typ` of a signed answer to a forwarded call. */
export const ANSWER_SIGNATURE_TYPE = "mcpfed-answer+jws";

const ClaimsSchema = z.object({ iss: z.string().max(256), iat: z.number().int(), tool: z.string().max(300), args: z.string(), result: z.string(), def: z.string().max(64).optional() }).strict();
const HeaderSchema = z.object({ alg: z.literal("EdDSA"), typ: z.literal(ANSWER_SIGNATURE_TYPE), jwk: z.object({ x: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).passthrough() });

/** What a call answer is about: the tool called, its arguments as received, the result given. */
export interface CallFacts {
  tool: string;
  args: unknown;
  result: unknown;
  /**
   * Digest of the tool definition the call ran against (src/trust/tool-digest.ts). Signed only
   * when the caller named the digest it expects: callers that predate it refuse unknown claims.
   */
  definition?: string;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64url");

/**
 * Signs the answer to a call a partner forwarded: a compact JWS over the tool name and the RFC
 * 8785 digests of the arguments and the result, so the caller can tell the answer is the one
 * this node gave to exactly that call.
 */
export function signAnswer(facts: CallFacts, signer: { key: SigningKey; jwk: PublicJwk }, iss: string): string {
  const header = b64(JSON.stringify({ alg: "EdDSA", typ: ANSWER_SIGNATURE_TYPE, kid: signer.jwk.kid, jwk: { kty: "OKP", crv: "Ed25519", x: signer.jwk.x } }));
  const payload = b64(JSON.stringify({ iss, iat: Math.floor(Date.now() / 1000), tool: facts.tool, args: digestOf(facts.args ?? {}), result: digestOf(facts.result), ...(facts.definition ? { def: facts.definition } : {}) }));
  return `${header}.${payload}.${b64(sign(null, Buffer.from(`${header}.${payload}`), signer.key.key))}`;
}

/** Checks a call's answer against the key trusted for the peer that gave it. */
export async function verifyAnswer(jws: unknown, facts: CallFacts, trustedKey: string): Promise<{ valid: true } | { valid: false; reason: string; definitionChanged?: true }> {
  if (typeof jws !== "string" || jws.length > 4096) return { valid: false, reason: "the answer is not signed" };
  const [h, p, s, extra] = jws.split(".");
  if (!h || !p || !s || extra !== undefined) return { valid: false, reason: "the answer signature is not a compact JWS" };
  try {
    const head = HeaderSchema.parse(JSON.parse(Buffer.from(h, "base64url").toString("utf8")));
    const claims = ClaimsSchema.parse(JSON.parse(Buffer.from(p, "base64url").toString("utf8")));
    if ((await thumbprintOf(head.jwk.x)) !== trustedKey) return { valid: false, reason: "the answer is signed by a key that is not the peer's" };
    const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: head.jwk.x }, format: "jwk" });
    if (!verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url"))) return { valid: false, reason: "the answer signature does not verify" };
    if (claims.tool !== facts.tool || claims.args !== digestOf(facts.args ?? {}) || claims.result !== digestOf(facts.result)) {
      return { valid: false, reason: "the signed answer is for another call or another result" };
    }
    // a publisher that signs per-tool digests names the definition it ran; it must be the signed one
    if (facts.definition !== undefined && claims.def !== facts.definition) {
      return { valid: false, reason: claims.def === undefined ? "the answer does not name the tool definition it ran" : "the tool definition the call ran is not the one the catalog signed", definitionChanged: true };
    }
    return { valid: true };
  } catch {
    return { valid: false, reason: "the answer signature is malformed" };
  }
}

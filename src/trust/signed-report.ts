import { CompactSign, compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import { canonicalize } from "./jcs";
import type { SigningKey } from "./node-identity";

/** The JWS `typ` of a signed governance report. */
export const REPORT_SIGNATURE_TYPE = "mcpfed-report+jws";

/** A report as sent: the report's own members plus `signature`. */
export type SignedReport = Record<string, unknown> & { signature: string };

/** The bytes that are signed: the RFC 8785 form of the report as JSON sends it, `signature` left out. */
function signedBytes(report: Record<string, unknown>): Uint8Array {
  const { signature: _ignored, ...rest } = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
  return new TextEncoder().encode(canonicalize(rest));
}

/**
 * Signs a governance report with the node's key: a detached compact JWS (RFC 7515 appendix F,
 * `header..signature`) over the canonical JSON, so that anyone holding the node's JWKS can check
 * that a verdict is the one this node gave, whatever whitespace or member order it travelled in.
 */
export async function signReport(report: object, key: SigningKey): Promise<SignedReport> {
  const plain = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
  const jws = await new CompactSign(signedBytes(plain)).setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: REPORT_SIGNATURE_TYPE }).sign(key.key);
  const [header, , signature] = jws.split(".");
  return { ...plain, signature: `${header}..${signature}` };
}

export type ReportVerification = { valid: true; kid: string } | { valid: false; reason: string };

/** Checks a signed report against a node's JWKS (fetched from its /.well-known/jwks.json). */
export async function verifyReport(report: Record<string, unknown>, jwks: JSONWebKeySet): Promise<ReportVerification> {
  const signature = report.signature;
  if (typeof signature !== "string") return { valid: false, reason: "the report carries no signature" };
  const parts = signature.split(".");
  if (parts.length !== 3 || parts[1] !== "") return { valid: false, reason: "the signature is not a detached compact JWS" };
  const payload = Buffer.from(signedBytes(report)).toString("base64url");
  try {
    const { protectedHeader } = await compactVerify(`${parts[0]}.${payload}.${parts[2]}`, createLocalJWKSet(jwks), { algorithms: ["EdDSA"] });
    if (protectedHeader.typ !== REPORT_SIGNATURE_TYPE) return { valid: false, reason: "not a report signature" };
    return { valid: true, kid: protectedHeader.kid ?? "" };
  } catch (err) {
    return { valid: false, reason: (err as Error).name === "JWKSNoMatchingKey" ? "signed by a key that is not in the JWKS" : "the signature does not match the report" };
  }
}

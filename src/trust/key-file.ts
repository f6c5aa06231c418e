import { createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * Reads the node's private key from a PEM (PKCS#8) or JWK file. Only Ed25519 is accepted: the
 * node's JWKS and every signature it makes are EdDSA.
 */
export function readKeyFile(path: string): KeyObject {
  const text = readFileSync(path, "utf8").trim();
  let key: KeyObject;
  try {
    key = text.startsWith("{")
      ? createPrivateKey({ key: JSON.parse(text) as Record<string, string>, format: "jwk" })
      : createPrivateKey(text);
  } catch {
    // the parser's message may quote the key: never repeat it, nor chain it as a cause
    throw new Error(`identity.keyFile ${path}: not a private key in PEM or JWK form`);
  }
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`identity.keyFile ${path}: the key must be Ed25519, not ${key.asymmetricKeyType ?? "unknown"}`);
  return key;
}

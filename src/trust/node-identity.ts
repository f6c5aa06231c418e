import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint } from "jose";
import type { Key, KeysStore } from "../store/keys-store";
import { readKeyFile } from "./key-file";

/** A public signing key as published in the node's JWKS. Never carries `d`. */
export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  use: "sig";
  alg: "EdDSA";
}

export interface NodeIdentityOptions {
  store: KeysStore;
  /** PEM (PKCS#8) or JWK file holding the private key; when set, the store is not used. */
  keyFile?: string;
  /** How long a rotated-out key stays in the JWKS (and so keeps verifying). */
  rotationGraceMs: number;
  now?: () => number;
}

/** The key that signs what the node publishes. */
export interface SigningKey {
  kid: string;
  key: KeyObject;
}

/** RFC 7638 thumbprint (SHA-256, base64url) of an Ed25519 public key. */
export function thumbprintOf(x: string): Promise<string> {
  return calculateJwkThumbprint({ kty: "OKP", crv: "Ed25519", x }, "sha256");
}

/** The public half of an Ed25519 private key, as a JWK with its thumbprint as `kid`. */
export async function publicJwkOf(privateKey: KeyObject): Promise<PublicJwk> {
  const jwk = createPublicKey(privateKey).export({ format: "jwk" });
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string") throw new Error("the node key must be Ed25519");
  return { kty: "OKP", crv: "Ed25519", x: jwk.x, kid: await thumbprintOf(jwk.x), use: "sig", alg: "EdDSA" };
}

/** A fresh Ed25519 key, ready for the store. */
export async function generateNodeKey(now: number): Promise<Key> {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" }) as Record<string, string>;
  return { kid: await thumbprintOf(jwk.x), privateJwk: jwk, createdAt: now };
}

/**
 * The node's identity: an Ed25519 key made on first use and kept in the store (or read from
 * `identity.keyFile`). Rotation adds a new key; the previous ones stay published for the grace
 * period so that what they signed still verifies. Keys are re-read from the store on each use,
 * so a `mcpfed key rotate` run beside a live node takes effect without a restart.
 */
export class NodeIdentity {
  private fileKey?: Promise<SigningKey>;
  private creating?: Promise<Key>;
  private readonly now: () => number;

  constructor(private readonly options: NodeIdentityOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether keys come from a file (rotation then means replacing the file). */
  get usesKeyFile(): boolean {
    return this.options.keyFile !== undefined;
  }

  /** The key to sign with; creates the first one if the store has none. */
  async signingKey(): Promise<SigningKey> {
    if (this.options.keyFile !== undefined) {
      this.fileKey ??= this.loadFileKey(this.options.keyFile);
      return this.fileKey;
    }
    const active = (await this.options.store.getActive()) ?? (await this.createFirst());
    return { kid: active.kid, key: createPrivateKey({ key: active.privateJwk, format: "jwk" }) };
  }

  /** The public keys that verify the node's signatures: the active one and those in their grace period. */
  async publicJwks(): Promise<{ keys: PublicJwk[] }> {
    if (this.options.keyFile !== undefined) {
      const { key } = await this.signingKey();
      return { keys: [await publicJwkOf(key)] };
    }
    await this.signingKey();
    const cutoff = this.now() - this.options.rotationGraceMs;
    const live = (await this.options.store.list()).filter((k) => k.retiredAt === undefined || k.retiredAt > cutoff);
    return { keys: await Promise.all(live.map((k) => publicJwkOf(createPrivateKey({ key: k.privateJwk, format: "jwk" })))) };
  }

  /**
   * The keys that sign what partners pin: the active one first, then those still in their grace
   * period, so a rotated-out key keeps vouching for its successor.
   */
  async liveSigningKeys(): Promise<{ key: SigningKey; jwk: PublicJwk }[]> {
    const active = await this.signingKey();
    const activeJwk = await publicJwkOf(active.key);
    if (this.options.keyFile !== undefined) return [{ key: active, jwk: activeJwk }];
    const cutoff = this.now() - this.options.rotationGraceMs;
    const older = (await this.options.store.list()).filter((k) => k.kid !== active.kid && (k.retiredAt === undefined || k.retiredAt > cutoff));
    const rest = await Promise.all(
      older.map(async (k) => {
        const key = createPrivateKey({ key: k.privateJwk, format: "jwk" });
        return { key: { kid: k.kid, key }, jwk: await publicJwkOf(key) };
      }),
    );
    return [{ key: active, jwk: activeJwk }, ...rest];
  }

  /** Makes a new active key; the previous one is retired now and published until the grace ends. */
  async rotate(): Promise<Key> {
    if (this.options.keyFile !== undefined) throw new Error("the node key comes from identity.keyFile: replace that file to rotate it");
    const key = await generateNodeKey(this.now());
    await this.options.store.add(key);
    return key;
  }

  private createFirst(): Promise<Key> {
    // one key even when several requests arrive before the first one is stored
    this.creating ??= (async () => {
      const key = await generateNodeKey(this.now());
      await this.options.store.add(key);
      return key;
    })().finally(() => {
      this.creating = undefined;
    });
    return this.creating;
  }

  private async loadFileKey(path: string): Promise<SigningKey> {
    const key = readKeyFile(path);
    return { kid: (await publicJwkOf(key)).kid, key };
  }
}

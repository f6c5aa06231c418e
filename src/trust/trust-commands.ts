import { createSecretKey, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { NodeConfig, Scope } from "../config/config-schema";
import { parseDuration } from "../config/duration";
import { createStores } from "../store/create-stores";
import { NodeKeysStore } from "../store/keys-store";
import type { KeysPort } from "../store/ports";
import { NodeIdentity } from "./node-identity";

/** The longest lifetime `mcpfed token issue` grants: a JWT cannot be revoked before it expires. */
export const MAX_ISSUED_TTL_MS = 30 * 86_400_000;

function identityFor(config: NodeConfig, keys: KeysPort): NodeIdentity {
  return new NodeIdentity({ store: new NodeKeysStore(keys), keyFile: config.identity.keyFile, rotationGraceMs: config.identity.rotationGrace });
}

/** The audience of tokens for this node: `identity.url`, else the configured listening address. */
export function defaultAudience(config: NodeConfig): string {
  return (config.identity.url ?? `${config.node.tls ? "https" : "http"}://${config.node.host}:${config.node.port}`).replace(/\/+$/, "");
}

/** `mcpfed key rotate`: a new active key; the previous one verifies until the grace period ends. */
export async function rotateKey(config: NodeConfig): Promise<{ kid: string; previous?: string; graceMs: number }> {
  const stores = await createStores(config.node.db);
  try {
    const identity = identityFor(config, stores.keys);
    const previous = identity.usesKeyFile ? undefined : (await new NodeKeysStore(stores.keys).getActive())?.kid;
    const key = await identity.rotate();
    return { kid: key.kid, ...(previous === undefined ? {} : { previous }), graceMs: config.identity.rotationGrace };
  } finally {
    await stores.close();
  }
}

export interface IssueOptions {
  id: string;
  scopes: readonly Scope[];
  /** "1h", "30m", ... at most MAX_ISSUED_TTL_MS. */
  ttl: string;
  audience?: string;
}

/**
 * `mcpfed token issue`: a JWT for a person or a service. With `auth.jwt.secret` it is HS256
 * signed with that secret; without one it is EdDSA signed with the node's own key (the node
 * accepts both: `iss` is the node's name). The token is never stored.
 */
export async function issueToken(config: NodeConfig, options: IssueOptions): Promise<{ token: string; alg: "HS256" | "EdDSA"; expiresAt: Date }> {
  const ttlMs = parseDuration(options.ttl);
  if (ttlMs === undefined || ttlMs <= 0 || ttlMs > MAX_ISSUED_TTL_MS) throw new Error("--ttl is a duration such as 15m, 1h or 7d, at most 30d");
  const now = Math.floor(Date.now() / 1000);
  const exp = now + Math.ceil(ttlMs / 1000);
  const jwt = new SignJWT({ scope: options.scopes.join(" ") })
    .setSubject(options.id)
    .setIssuer(config.node.name)
    .setAudience(options.audience ?? defaultAudience(config))
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .setJti(randomUUID());
  const expiresAt = new Date(exp * 1000);
  if (config.auth.jwt.secret !== undefined) {
    const token = await jwt.setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(createSecretKey(Buffer.from(config.auth.jwt.secret, "utf8")));
    return { token, alg: "HS256", expiresAt };
  }
  const stores = await createStores(config.node.db);
  try {
    const { kid, key } = await identityFor(config, stores.keys).signingKey();
    const token = await jwt.setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid }).sign(key);
    return { token, alg: "EdDSA", expiresAt };
  } finally {
    await stores.close();
  }
}

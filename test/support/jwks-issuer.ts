import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type KeyLike } from "jose";

export type IssuerAlg = "RS256" | "ES256" | "EdDSA";

export interface IssuerKey {
  alg: IssuerAlg;
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

/** A key pair made in the test, its public half as a JWK with `kid` and `alg`. */
export async function makeKey(alg: IssuerAlg, kid: string): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === "EdDSA" ? { crv: "Ed25519" } : {});
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/** A signed JWT; `claims` may set or (with undefined) drop exp/iat. */
export function sign(key: IssuerKey, claims: JWTPayload & Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const body: Record<string, unknown> = { iat: now, exp: now + 300, ...claims };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return new SignJWT(body).setProtectedHeader({ alg: key.alg, kid: key.kid, ...header }).sign(key.privateKey);
}

/**
 * A small local token issuer: an HTTP server on loopback serving a JWKS whose keys the test
 * controls (rotation, oversized documents, slow answers), counting how often it is fetched.
 */
export interface LocalIssuer {
  url: string;
  jwksUrl: string;
  keys: IssuerKey[];
  fetches: number;
  /** Pads the JWKS document to this many bytes (to test the size cap). */
  padTo?: number;
  /** Delays every answer (to test the timeout). */
  delayMs?: number;
  close(): Promise<void>;
}

export async function startIssuer(keys: IssuerKey[]): Promise<LocalIssuer> {
  let server: Server;
  const issuer: LocalIssuer = {
    url: "",
    jwksUrl: "",
    keys,
    fetches: 0,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
  server = createServer((req, res) => {
    if (req.url !== "/jwks.json") {
      res.writeHead(404).end();
      return;
    }
    issuer.fetches++;
    const body: Record<string, unknown> = { keys: issuer.keys.map((k) => k.publicJwk) };
    let text = JSON.stringify(body);
    if (issuer.padTo !== undefined) text = JSON.stringify({ ...body, pad: "x".repeat(Math.max(0, issuer.padTo - text.length)) });
    const send = () => res.writeHead(200, { "content-type": "application/json" }).end(text);
    if (issuer.delayMs) setTimeout(send, issuer.delayMs);
    else send();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  issuer.url = `http://127.0.0.1:${port}`;
  issuer.jwksUrl = `${issuer.url}/jwks.json`;
  return issuer;
}

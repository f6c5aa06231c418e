import type { ServerOptions as HttpsOptions } from "node:https";
import type { Principal } from "../auth/tokens";
import { clientCertPrincipal, readTlsOptions } from "./client-cert";
import { SCOPES, type NodeConfig } from "../config/config-schema";
import { NodeKeysStore } from "../store/keys-store";
import type { KeysPort } from "../store/ports";
import { JwtVerifier } from "./jwt-verifier";
import { signReport } from "./signed-report";
import { signCatalog } from "./signed-catalog";
import { signAnswer, type CallFacts } from "./signed-answer";
import { nodeAssertionSigner, type NodeAssertionOptions } from "./node-assertion";
import { NodeIdentity } from "./node-identity";
import { protectedResourceChallenge } from "./protected-resource";

/** What the composition root gets from the trust module. */
export interface Trust {
  /** The node's name (as in mcpfed.json). */
  name: string;
  identity: NodeIdentity;
  jwt: JwtVerifier;
  /** Signs a short-lived assertion with which this node calls a partner (engine wiring comes later). */
  signNodeAssertion(options: NodeAssertionOptions): Promise<string>;
  /** A governance report with the node's detached JWS in `signature`. */
  signReport(report: object): Promise<object>;
  /** Signature header value for a catalog served to partners (every live key signs; ADR 0026). */
  signCatalog(entries: readonly unknown[], seq: number): Promise<string>;
  /** Signature of the answer to a call a partner forwarded (tool, args digest, result digest). */
  signAnswer(facts: CallFacts): Promise<string>;
  /** The partner a verified TLS client certificate belongs to (mTLS). */
  clientCert(socket: unknown): Principal | undefined;
  /** HTTPS options when `node.tls` is set. */
  tlsOptions(): HttpsOptions | undefined;
  /** The node's public base URL, no trailing slash. */
  publicUrl(): string;
  /** Called once the node listens: the default public URL becomes the bound address. */
  setListeningUrl(url: string): void;
  /** Extra 401 challenge parameters for /mcp (RFC 9728). */
  challenge(path: string): string | undefined;
  /** `iss` values of the configured authorization servers (for RFC 9728 metadata). */
  authorizationServers: string[];
  scopes: readonly string[];
}

/** Does the config admit any JWT (so the node is not in open mode without static tokens)? */
export function hasJwtAuth(config: Pick<NodeConfig, "auth" | "partners">): boolean {
  return config.auth.jwt.secret !== undefined || config.auth.jwt.issuers.length > 0 || config.partners.length > 0;
}

/** Builds the node's identity and JWT verification from the validated config. */
export function createTrust(config: NodeConfig, keys: KeysPort, staticTokenIds: () => readonly string[] = () => []): Trust {
  let listening: string | undefined;
  const publicUrl = () => (config.identity.url ?? listening ?? `${config.node.tls ? "https" : "http"}://${config.node.host}:${config.node.port}`).replace(/\/+$/, "");
  const identity = new NodeIdentity({ store: new NodeKeysStore(keys), keyFile: config.identity.keyFile, rotationGraceMs: config.identity.rotationGrace });
  const jwt = new JwtVerifier({
    secret: config.auth.jwt.secret,
    issuers: config.auth.jwt.issuers,
    partners: config.partners,
    selfIssuer: config.node.name,
    audiences: () => [publicUrl(), `${publicUrl()}/mcp`],
    identity,
    clockSkewMs: config.auth.jwt.clockSkew,
    reservedIds: () => new Set([...staticTokenIds(), ...config.partners.map((p) => p.id)]),
  });
  return {
    name: config.node.name,
    identity,
    jwt,
    signNodeAssertion: nodeAssertionSigner(identity, config.node.name),
    signReport: async (report) => signReport(report, await identity.signingKey()),
    signCatalog: async (entries, seq) => signCatalog(entries, await identity.liveSigningKeys(), { iss: config.node.name, seq }),
    signAnswer: async (facts) => signAnswer(facts, (await identity.liveSigningKeys())[0], config.node.name),
    clientCert: clientCertPrincipal(config.partners),
    tlsOptions: () => (config.node.tls ? readTlsOptions(config.node.tls) : undefined),
    publicUrl,
    setListeningUrl: (url) => {
      listening = url;
    },
    challenge: (path) => protectedResourceChallenge(path, publicUrl()),
    authorizationServers: config.auth.jwt.issuers.map((i) => i.issuer),
    scopes: SCOPES,
  };
}

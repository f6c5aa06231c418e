import { createSecretKey, type KeyObject } from "node:crypto";
import { createLocalJWKSet, decodeJwt, type JWK, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from "jose";
import type { Principal } from "../auth/tokens";
import type { PartnerConfig, Scope } from "../config/config-schema";
import type { NodeIdentity } from "./node-identity";
import { audienceVariants, issuedInFuture, principalIdOf, scopesOf } from "./jwt-claims";
import { partnerKeyResolver } from "./partner-keys";
import { RemoteJwks } from "./remote-jwks";

/** Asymmetric algorithms accepted from issuers and partners. HS256 only ever with the node's own secret. */
export const ASYMMETRIC_ALGS = ["RS256", "ES256", "EdDSA"] as const;
/** A partner's assertion lives at most this long (exp - iat). */
export const PARTNER_MAX_LIFETIME_SEC = 300;

export interface JwtIssuer {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  jwks?: { keys: Record<string, unknown>[] };
}

export interface JwtVerifierOptions {
  /** HS256 secret of `auth.jwt.secret` (tokens from `mcpfed token issue`). */
  secret?: string;
  issuers: readonly JwtIssuer[];
  partners: readonly PartnerConfig[];
  /** The node's own issuer name (`iss` of tokens it issues) — its node name. */
  selfIssuer: string;
  /** The node's base URLs: the `aud` that HS256, self-issued and partner tokens must carry. */
  audiences: () => string[];
  /** Verifies EdDSA tokens the node issued with its own key. */
  identity?: NodeIdentity;
  clockSkewMs: number;
  /**
   * Principal ids an external issuer may not claim (static token ids, partner ids): ownership
   * of registrations goes by id, so an identity provider's `sub` must not impersonate them.
   */
  reservedIds?: () => ReadonlySet<string>;
  /** JWKS fetching limits (tests shorten them). */
  jwks?: { timeoutMs?: number; maxBytes?: number; cooldownMs?: number; maxAgeMs?: number };
}

/**
 * Verifies JWT bearer tokens beside the static-token verifier. Which key verifies a token is
 * decided by its `iss` before any signature is checked, and each issuer has a fixed list of
 * algorithms: a token cannot pick its own verification method (`alg: none`, HS256 signed with
 * an issuer's public key, and the like are refused). `exp` is required everywhere.
 */
export class JwtVerifier {
  private readonly secret?: KeyObject;
  private readonly issuerKeys = new Map<string, { issuer: JwtIssuer; getKey: JWTVerifyGetKey }>();
  private readonly partnerKeys = new Map<string, { partner: PartnerConfig; getKey: JWTVerifyGetKey }>();
  private readonly skewSec: number;

  constructor(private readonly options: JwtVerifierOptions) {
    if (options.secret !== undefined) this.secret = createSecretKey(Buffer.from(options.secret, "utf8"));
    this.skewSec = Math.ceil(options.clockSkewMs / 1000);
    for (const issuer of options.issuers) {
      const getKey = issuer.jwksUrl !== undefined
        ? new RemoteJwks({ url: issuer.jwksUrl, ...options.jwks }).getKey
        : (createLocalJWKSet({ keys: (issuer.jwks?.keys ?? []) as unknown as JWK[] }) as JWTVerifyGetKey);
      this.issuerKeys.set(issuer.issuer, { issuer, getKey });
    }
    for (const partner of options.partners) {
      const getKey = partnerKeyResolver(partner, options.jwks);
      if (getKey) this.partnerKeys.set(partner.id, { partner, getKey });
    }
  }

  /** Is a secret, an issuer or a partner configured? (Self-issued EdDSA tokens alone do not close open mode.) */
  get enabled(): boolean {
    return this.secret !== undefined || this.issuerKeys.size > 0 || this.partnerKeys.size > 0;
  }

  /** The principal of a valid token, or undefined. Never throws for a bad token. */
  async verify(token: string): Promise<Principal | undefined> {
    let iss: string | undefined;
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
      iss = decodeJwt(token).iss;
    } catch {
      return undefined;
    }
    if (alg === undefined || alg.toLowerCase() === "none") return undefined;
    try {
      const partner = iss === undefined ? undefined : this.partnerKeys.get(iss);
      if (partner) return await this.verifyPartner(token, partner.partner, partner.getKey);
      const issuer = iss === undefined ? undefined : this.issuerKeys.get(iss);
      if (issuer) {
        const principal = await this.verifyWith(token, issuer.getKey, { issuer: issuer.issuer.issuer, audience: issuer.issuer.audience, algorithms: [...ASYMMETRIC_ALGS] });
        return principal && this.options.reservedIds?.().has(principal.id) ? undefined : principal;
      }
      if (iss !== undefined && iss !== this.options.selfIssuer) return undefined;
      const own = { audience: audienceVariants(this.options.audiences()), ...(iss === undefined ? {} : { issuer: this.options.selfIssuer }) };
      if (alg === "HS256" && this.secret) return await this.verifyWith(token, this.secret, { ...own, algorithms: ["HS256"] });
      if (alg === "EdDSA" && iss === this.options.selfIssuer && this.options.identity) {
        const jwks = createLocalJWKSet(await this.options.identity.publicJwks()) as JWTVerifyGetKey;
        return await this.verifyWith(token, jwks, { ...own, algorithms: ["EdDSA"] });
      }
      return undefined;
    } catch {
      return undefined;
    }
  }

  private async check(token: string, key: KeyObject | JWTVerifyGetKey, opts: JWTVerifyOptions): Promise<JWTPayload> {
    const verifyOpts = { ...opts, clockTolerance: this.skewSec, requiredClaims: ["exp", ...(opts.requiredClaims ?? [])] };
    const { payload } = typeof key === "function" ? await jwtVerify(token, key, verifyOpts) : await jwtVerify(token, key, verifyOpts);
    if (issuedInFuture(payload, Math.floor(Date.now() / 1000), this.skewSec)) throw new Error("iat in the future");
    return payload;
  }

  private async verifyWith(token: string, key: KeyObject | JWTVerifyGetKey, opts: JWTVerifyOptions): Promise<Principal | undefined> {
    const claims = await this.check(token, key, opts);
    const id = principalIdOf(claims);
    if (id === undefined) return undefined;
    return { id, scopes: new Set(scopesOf(claims) ?? []) };
  }

  private async verifyPartner(token: string, partner: PartnerConfig, getKey: JWTVerifyGetKey): Promise<Principal | undefined> {
    const claims = await this.check(token, getKey, {
      issuer: partner.id,
      audience: audienceVariants(this.options.audiences()),
      algorithms: [...ASYMMETRIC_ALGS],
      requiredClaims: ["iat"],
      maxTokenAge: PARTNER_MAX_LIFETIME_SEC + this.skewSec,
    });
    if (typeof claims.exp !== "number" || typeof claims.iat !== "number" || claims.exp - claims.iat > PARTNER_MAX_LIFETIME_SEC) return undefined;
    const asked = scopesOf(claims);
    const granted: Scope[] = asked === undefined ? [...partner.scopes] : partner.scopes.filter((s) => asked.includes(s));
    return { id: partner.id, scopes: new Set(granted) };
  }
}

import { z } from "zod";

/** The shared building blocks of the config schema (passed in: no import cycle with config-schema.ts). */
export interface TrustSchemaParts<S extends z.ZodType<string>> {
  Scope: S;
  Duration: z.ZodType<number, string | number>;
  HttpUrl: z.ZodType<string>;
}

/** The `identity`, `auth`, `partners` and `node.tls` parts of the node configuration (see src/trust). */
export function trustSchemas<S extends z.ZodType<string>>({ Scope: ScopeSchema, Duration, HttpUrl }: TrustSchemaParts<S>) {
  const JwkSchema = z
    .record(z.string(), z.unknown())
    .refine((j) => typeof j.kty === "string", "a JWK has a kty")
    // a verification key only: a private or symmetric key here would be a leaked secret
    .refine((j) => !("d" in j) && j.kty !== "oct", "a public key only (no d, no oct keys)");
  /** RFC 7638 thumbprint: SHA-256, base64url without padding. */
  const Thumbprint = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "an RFC 7638 SHA-256 thumbprint (43 base64url characters)");

  const IdentitySchema = z
    .object({
      /** PEM or JWK file with the node's Ed25519 private key (default: a key made and kept in the store). */
      keyFile: z.string().min(1).optional(),
      /** How long a rotated-out key stays published and verifying. */
      rotationGrace: Duration.default(7 * 86_400_000),
      /** The node's public base URL (audience of the tokens it accepts); default: the listening URL. */
      url: HttpUrl.optional(),
    })
    .strict();

  const JwtIssuerSchema = z
    .object({
      issuer: z.string().min(1),
      jwksUrl: HttpUrl.optional(),
      jwks: z.object({ keys: z.array(JwkSchema).min(1) }).optional(),
      /** The `aud` this issuer puts in tokens meant for this node. */
      audience: z.string().min(1),
    })
    .strict()
    .refine((i) => (i.jwksUrl === undefined) !== (i.jwks === undefined), "give exactly one of jwksUrl or jwks");

  const AuthSchema = z
    .object({
      jwt: z
        .object({
          /** HS256 secret; from `${ENV_VAR}` or `secretFile`, never in clear in the file. */
          secret: z.string().min(32, "the JWT secret must be at least 32 characters").optional(),
          secretFile: z.string().min(1).optional(),
          issuers: z.array(JwtIssuerSchema).default([]),
          /** Allowed clock difference for exp, nbf and iat. */
          clockSkew: Duration.default(60_000),
        })
        .strict()
        .prefault({}),
    })
    .strict();

  const PartnerSchema = z
    .object({
      id: z.string().regex(/^[A-Za-z0-9._:/-]{1,200}$/, "partner ids are 1-200 of A-Z a-z 0-9 . _ : / -"),
      /** The partner's public key: a JWK, or its RFC 7638 thumbprint (then jwksUrl is required). */
      key: z.union([Thumbprint, JwkSchema]).optional(),
      jwksUrl: HttpUrl.optional(),
      /** SHA-256 of the partner's client certificate (DER), hex, colons allowed. */
      certFingerprint: z.string().regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, "64 hex digits (colons allowed)").optional(),
      /** The client certificate's subject, as Node prints it (e.g. "CN=partner-a,O=Partner A"). */
      subject: z.string().min(1).optional(),
      scopes: z.array(ScopeSchema).min(1),
    })
    .strict()
    .refine((p) => !(typeof p.key === "string" && p.jwksUrl === undefined), "a key thumbprint needs jwksUrl to fetch the key from")
    .refine((p) => p.key !== undefined || p.jwksUrl !== undefined || p.certFingerprint !== undefined || p.subject !== undefined, "a partner needs key, jwksUrl, certFingerprint or subject");

  const TlsSchema = z
    .object({
      /** PEM files. */
      cert: z.string().min(1),
      key: z.string().min(1),
      /** CA bundle that client certificates must chain to. */
      ca: z.string().min(1).optional(),
      requestClientCert: z.boolean().default(false),
    })
    .strict();
  return { IdentitySchema, JwtIssuerSchema, AuthSchema, PartnerSchema, TlsSchema };
}

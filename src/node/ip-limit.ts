import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import { ipKeyGenerator, rateLimit, type Store } from "express-rate-limit";
import { TooManyRequestsError } from "../errors";
import type { NodeMetrics } from "../metrics/node-metrics";
import type { Principal, TokenVerifier } from "../auth/tokens";
import { looksLikeJwt } from "../trust/jwt-claims";
import { bearerTokenOf } from "./auth";

/** How the node authenticates: what tells a credential from a header that only looks like one. */
export interface CredentialCheck {
  verifier: Pick<TokenVerifier, "verify">;
  jwt?: { verify(token: string): Promise<Principal | undefined> };
  clientCert?: (socket: unknown) => Principal | undefined;
}

/**
 * Does the request carry credentials the node accepts (a token, a JWT, a client certificate it
 * maps)? A wrong token is no credential: counted per address like no token at all, or anyone
 * would leave the limit by sending `Authorization: Bearer x`.
 */
export function validCredentials(check: CredentialCheck): (req: IncomingMessage) => Promise<boolean> {
  return async (req) => {
    const header = req.headers.authorization;
    if (header === undefined) return check.clientCert?.(req.socket) !== undefined;
    const token = bearerTokenOf(header);
    if (token === undefined) return false;
    if (check.verifier.verify(token)) return true;
    if (!check.jwt || !looksLikeJwt(token)) return false;
    return (await check.jwt.verify(token).catch(() => undefined)) !== undefined;
  };
}

/**
 * `limits.ipPerMinute`: requests a minute per client address, on requests that carry no valid
 * credentials (public routes, and every route in open mode); authenticated requests are
 * counted per token instead. The address is the socket's: the node trusts no proxy header.
 * IPv6 addresses count per /56. Absent: a pass-through.
 */
export function perIpLimit(
  perMinute: number | undefined | (() => number | undefined),
  metrics: NodeMetrics,
  store?: Store,
  credentials?: CredentialCheck,
): RequestHandler {
  if (typeof perMinute !== "function" && perMinute === undefined) return (_req, _res, next) => next();
  const current = typeof perMinute === "function" ? perMinute : () => perMinute;
  const limiter = ipLimiter(current, metrics, store, credentials);
  // no limit set (the default): pass at once. express-rate-limit would skip the request too (no
  // count, no headers), but only after its async middleware and skip hook: ~1 KB and a few µs a request
  return (req, res, next) => (current() === undefined ? next() : limiter(req, res, next));
}

/** The per-address limiter itself (express-rate-limit), for perIpLimit and the tests that compare with it. */
export function ipLimiter(
  current: () => number | undefined,
  metrics: NodeMetrics,
  store?: Store,
  credentials?: CredentialCheck,
): RequestHandler {
  const valid = credentials ? validCredentials(credentials) : undefined;
  return rateLimit({
    ...(store ? { store, passOnStoreError: true } : {}),
    windowMs: 60_000,
    limit: () => current() ?? Number.MAX_SAFE_INTEGER,
    standardHeaders: "draft-6",
    legacyHeaders: false,
    validate: false,
    // no limit set (a reload removed it between the check above and here): skipped
    skip: (req) => (current() === undefined ? true : valid ? valid(req) : false),
    // an IPv6 client holds a whole subnet: its /56 is one key
    keyGenerator: (req) => ipKeyGenerator(req.socket.remoteAddress ?? "unknown"),
    handler: (req, _res, next) => {
      metrics.rateLimit("ip");
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const wait = reset ? (reset.getTime() - Date.now()) / 1000 : 60;
      next(new TooManyRequestsError(`the limit of ${current()} unauthenticated requests a minute from one address is reached`, wait));
    },
  });
}

/** `first`, then (if it passed the request on) the per-address limit. */
export function withIpLimit(first: RequestHandler, limit: RequestHandler): RequestHandler {
  return (req, res, next) => first(req, res, (err?: unknown) => (err === undefined ? void limit(req, res, next) : next(err)));
}

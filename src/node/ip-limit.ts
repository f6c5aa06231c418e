import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import { ipKeyGenerator, rateLimit, type Store } from "express-rate-limit";
import { TooManyRequestsError } from "../errors";
import type { NodeMetrics } from "../metrics/node-metrics";

/** Does the request carry credentials (a bearer token, or a client certificate on TLS)? */
function hasCredentials(req: IncomingMessage): boolean {
  if (req.headers.authorization !== undefined) return true;
  const socket = req.socket as { authorized?: boolean };
  return socket.authorized === true;
}

/**
 * `limits.ipPerMinute`: requests a minute per client address, on requests that carry no
 * credentials (public routes, and every route in open mode); authenticated requests are
 * counted per token instead. The address is the socket's: the node trusts no proxy header.
 * IPv6 addresses count per /56. Absent: a pass-through.
 */
export function perIpLimit(perMinute: number | undefined, metrics: NodeMetrics, store?: Store): RequestHandler {
  if (perMinute === undefined) return (_req, _res, next) => next();
  return rateLimit({
    ...(store ? { store, passOnStoreError: true } : {}),
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-6",
    legacyHeaders: false,
    validate: false,
    skip: (req) => hasCredentials(req),
    // an IPv6 client holds a whole subnet: its /56 is one key
    keyGenerator: (req) => ipKeyGenerator(req.socket.remoteAddress ?? "unknown"),
    handler: (req, _res, next) => {
      metrics.rateLimit("ip");
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const wait = reset ? (reset.getTime() - Date.now()) / 1000 : 60;
      next(new TooManyRequestsError(`the limit of ${perMinute} unauthenticated requests a minute from one address is reached`, wait));
    },
  });
}

/** `first`, then (if it passed the request on) the per-address limit. */
export function withIpLimit(first: RequestHandler, limit: RequestHandler): RequestHandler {
  return (req, res, next) => first(req, res, (err?: unknown) => (err === undefined ? void limit(req, res, next) : next(err)));
}

import type { RequestHandler } from "express";
import { rateLimit, type Store } from "express-rate-limit";
import { TooManyRequestsError } from "../errors";
import type { NodeMetrics } from "../metrics/node-metrics";
import { principalOf } from "./auth";
import { memoryRateLimit } from "./memory-rate-limit";

/**
 * A per-token limit (express-rate-limit, fixed one-minute window): `RateLimit-*` headers on
 * every response, and 429 with Retry-After past the limit. Runs after authentication, so the
 * key is the token id, never an address.
 */
export function perTokenLimit(name: string, perMinute: number, metrics: NodeMetrics, store?: Store): RequestHandler {
  const exceeded: RequestHandler = (req, _res, next) => {
    metrics.rateLimit(name);
    const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    const wait = reset ? (reset.getTime() - Date.now()) / 1000 : 60;
    next(new TooManyRequestsError(`rate limit of ${perMinute} ${name} requests a minute reached`, wait));
  };
  // counted in this process: the same answers without express-rate-limit's per-request cost (memory-rate-limit.ts)
  if (!store) return memoryRateLimit({ limit: perMinute, windowMs: 60_000, key: (res) => principalOf(res).id, exceeded });
  return rateLimit({
    // a shared store (replicas on PostgreSQL); if the database cannot be reached the request
    // passes: discovery and execution must not fail because a counter could not be written
    ...(store ? { store, passOnStoreError: true } : {}),
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-6",
    legacyHeaders: false,
    validate: false,
    keyGenerator: (_req, res) => principalOf(res).id,
    handler: exceeded,
  });
}

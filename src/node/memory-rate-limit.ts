import type { RequestHandler } from "express";

/** What a limiter tells its `exceeded` handler (the same fields express-rate-limit puts on `req.rateLimit`). */
export interface RateLimitInfo {
  limit: number;
  used: number;
  remaining: number;
  resetTime: Date;
  key: string;
}

export interface MemoryRateLimitOptions {
  /** Requests one key may make in a window. */
  limit: number;
  windowMs: number;
  /** The key of a request (the token id: the limiter runs after authentication). */
  key: (res: Parameters<RequestHandler>[1]) => string;
  /** Called instead of `next()` past the limit; must end the request or call `next(err)`. */
  exceeded: RequestHandler;
}

interface Window {
  hits: number;
  /** Epoch ms when the key's window ends. */
  resetAt: number;
}

/**
 * A fixed-window limit counted in this process, with the same answers as express-rate-limit's
 * MemoryStore and its draft-6 headers (`RateLimit-Policy`, `-Limit`, `-Remaining`, `-Reset`,
 * and `Retry-After` past the limit): a key's window starts at its first request, and keys idle
 * for a whole window are forgotten. express-rate-limit spends four awaits, a dozen debug checks
 * and a property definition per request, which measured at ~20 µs on the hot routes; this does
 * one map lookup and sets the headers synchronously. Stores shared by replicas still go through
 * express-rate-limit (rate-limit.ts).
 */
export function memoryRateLimit(options: MemoryRateLimitOptions): RequestHandler & { close(): void } {
  const { limit, windowMs } = options;
  const policy = `${limit};w=${Math.ceil(windowMs / 1000)}`;
  const limitText = String(limit);
  // two generations, swapped every window: a key not seen for a whole window is dropped
  let current = new Map<string, Window>();
  let previous = new Map<string, Window>();
  const sweep = setInterval(() => {
    previous = current;
    current = new Map();
  }, windowMs);
  sweep.unref();

  const windowOf = (key: string, now: number): Window => {
    let w = current.get(key);
    if (w === undefined) {
      w = previous.get(key);
      if (w !== undefined) previous.delete(key);
      else w = { hits: 0, resetAt: now + windowMs };
      current.set(key, w);
    }
    if (w.resetAt <= now) {
      w.hits = 0;
      w.resetAt = now + windowMs;
    }
    return w;
  };

  const middleware: RequestHandler = (req, res, next) => {
    const key = options.key(res);
    const now = Date.now();
    const w = windowOf(key, now);
    w.hits++;
    const remaining = Math.max(limit - w.hits, 0);
    const resetSeconds = String(Math.max(0, Math.ceil((w.resetAt - now) / 1000)));
    if (!res.headersSent) {
      res.setHeader("RateLimit-Policy", policy);
      res.setHeader("RateLimit-Limit", limitText);
      res.setHeader("RateLimit-Remaining", String(remaining));
      res.setHeader("RateLimit-Reset", resetSeconds);
    }
    if (w.hits <= limit) {
      next();
      return;
    }
    const info: RateLimitInfo = { limit, used: w.hits, remaining, resetTime: new Date(w.resetAt), key };
    (req as { rateLimit?: RateLimitInfo }).rateLimit = info;
    if (!res.headersSent) res.setHeader("Retry-After", resetSeconds);
    options.exceeded(req, res, next);
  };
  return Object.assign(middleware, { close: () => clearInterval(sweep) });
}

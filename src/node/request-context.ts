import { randomUUID } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import type { NodeMetrics } from "../metrics/node-metrics";
import { requestSpans } from "../tracing/trace-context";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const KNOWN_PATHS = new Set(["/discover", "/execute", "/metadata", "/register", "/peers", "/audit", "/healthz", "/metrics", "/admin/reload", "/mcp"]);

/** The request id of this request (set by requestContext). */
export function requestIdOf(res: Response): string {
  return (res.locals.requestId as string | undefined) ?? "-";
}

/** A child logger carrying the request id. */
export function requestLogger(res: Response, base: Logger): Logger {
  return base.child({ reqId: requestIdOf(res) });
}

/**
 * Gives every request an id (a well-formed incoming X-Request-Id, or a new UUID), echoes it in
 * the response, and on finish counts the request by route and status with its latency. Per-
 * request logging is at debug level; it never includes tokens, arguments or results.
 */
export function requestContext(logger: Logger, metrics: NodeMetrics): RequestHandler {
  const spans = requestSpans(); // undefined when tracing is off
  return (req, res, next) => {
    const incoming = req.headers["x-request-id"];
    const id = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      metrics.httpRequest(req.method, route, res.statusCode, seconds);
      if (logger.isLevelEnabled("debug")) {
        logger.debug({ reqId: id, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1e6) / 1000 }, "request");
      }
    });
    if (spans) spans(req, res, id, () => routeOf(req), next);
    else next();
  };
}

/** The metrics route label: Express's route, a known path, `/mcp` and `/mcp/:server` (served without Express), or "other". */
function routeOf(req: Request): string {
  const path = (req.path as string | undefined) ?? (req.url ?? "").split("?")[0];
  const route = (req.route as { path?: string } | undefined)?.path;
  if (route !== undefined) return route;
  if (KNOWN_PATHS.has(path)) return path;
  if (path.startsWith("/mcp/")) return "/mcp/:server";
  return "other";
}

import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";

export interface FastRoute {
  /** An HTTP method, or "*" for any. */
  method: string;
  path: string;
  /** The whole middleware chain for the route, in order. */
  chain: RequestHandler[];
}

/**
 * Serves a few hot routes (GET /discover, POST /execute, /mcp) by running their middleware chain directly,
 * without Express's application and router machinery, which measured at ~0.2 ms per request
 * here — about as much as a bare node:http forwarder spends on a whole tool call. The chain is
 * the same middleware the Express app uses (request id, security headers, bearer
 * auth, rate limit, JSON body, scope, handler), written against the plain node API; errors go
 * to the same error handler. Every other request goes to the Express app.
 */
export function withFastRoutes(routes: readonly FastRoute[], onError: ErrorRequestHandler, fallback: RequestListener): RequestListener {
  const table = new Map<string, FastRoute>();
  for (const r of routes) table.set(`${r.method} ${r.path}`, r);
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    // "/mcp/*" routes serve every path one segment below "/mcp/"
    const prefix = path.lastIndexOf("/") > 0 ? `${path.slice(0, path.lastIndexOf("/"))}/*` : undefined;
    const route =
      table.get(`${req.method} ${path}`) ?? table.get(`* ${path}`) ?? (prefix ? (table.get(`${req.method} ${prefix}`) ?? table.get(`* ${prefix}`)) : undefined);
    if (!route) {
      fallback(req, res);
      return;
    }
    const request = req as unknown as Request;
    const response = res as unknown as Response;
    (response as { locals: Record<string, unknown> }).locals = {};
    // the same "simple" (querystring) parser the Express app is configured with
    (request as { query: unknown }).query = q === -1 ? {} : parseQuery(url.slice(q + 1));
    let index = 0;
    const fail = (err: unknown) => onError(err, request, response, () => undefined);
    const next = (err?: unknown): void => {
      if (err !== undefined && err !== null && err !== "route") {
        fail(err);
        return;
      }
      const handler = route.chain[index++];
      if (!handler) return;
      try {
        const out = handler(request, response, next) as unknown;
        if (out instanceof Promise) out.catch(fail);
      } catch (e) {
        fail(e);
      }
    };
    next();
  };
}

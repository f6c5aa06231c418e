import type { Request, RequestHandler, Response } from "express";
import helmet, { type HelmetOptions } from "helmet";

/**
 * helmet's headers, computed once. helmet runs a dozen small middlewares per request, which
 * measured at about 40% of a minimal Express route here; its default headers do not depend on
 * the request, so we run helmet once at start-up against a recording response and replay the
 * headers it set. helmet stays the source of truth for which headers and values are right.
 */
export function securityHeaders(options?: HelmetOptions): RequestHandler {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers.push([name, String(value)]);
      return recorder;
    },
    removeHeader() {
      return undefined;
    },
  };
  let completed = false;
  helmet(options)({} as Request, recorder as unknown as Response, () => {
    completed = true;
  });
  if (!completed) throw new Error("helmet did not complete synchronously; cannot precompute its headers");
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/**
 * The headers of the JSON API answers on the hot routes (POST /execute, GET /discover): helmet's
 * headers that protect a JSON answer, without those that only act on an HTML document a browser
 * renders (ADR 0043). A JSON answer is never a page: nothing in it runs, loads subresources,
 * follows links or opens windows, so COOP, Origin-Agent-Cluster, Referrer-Policy,
 * X-DNS-Prefetch-Control, X-Download-Options, X-Permitted-Cross-Domain-Policies and
 * X-XSS-Protection have nothing to act on. What stays: nosniff (a JSON answer is never sniffed
 * into HTML or script), HSTS, Cross-Origin-Resource-Policy (no cross-origin embedding of the
 * answer), and framing refused outright (`frame-ancestors 'none'`, `X-Frame-Options: DENY`) with
 * a CSP that allows nothing, stricter than the page policy the other routes send.
 */
export function apiSecurityHeaders(): RequestHandler {
  return securityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: { action: "deny" },
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}

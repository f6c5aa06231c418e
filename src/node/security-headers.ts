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

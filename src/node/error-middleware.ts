import type { ServerResponse } from "node:http";
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { PeerProblemError } from "../engine";
import { isAppError, type FieldError } from "../errors";
import { requestLogger } from "./request-context";
import { diskFullError } from "./storage-errors";

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  507: "Insufficient Storage",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function problemType(code: string): string {
  return `urn:mcpfed:problem:${code}`;
}

/** Writes an RFC 9457 problem response (plain node API: also used outside Express). */
export function sendProblem(res: ServerResponse, problem: ProblemDetails): void {
  const body = JSON.stringify(problem);
  res.statusCode = problem.status;
  res.setHeader("Content-Type", "application/problem+json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

/** Writes a JSON response (plain node API: also used outside Express). */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

export function buildProblem(status: number, code: string, detail?: string, instance?: string): ProblemDetails {
  return {
    type: problemType(code),
    title: TITLES[status] ?? "Error",
    status,
    ...(detail ? { detail } : {}),
    ...(instance ? { instance } : {}),
  };
}

/** The single error handler, registered last. Unknown errors are a generic 500; stacks go to the log only. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (caught: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const full = diskFullError(caught);
    if (full) requestLogger(res, logger).error({ code: (caught as { code: string }).code, path: instanceOf(req) }, "write failed: storage full");
    const err = full ?? caught;
    if (err instanceof PeerProblemError) {
      // a partner's own 4xx (bad arguments, unknown tool): relayed with its status and body
      sendProblem(res, { type: problemType("peer-problem"), title: TITLES[err.status] ?? "Error", ...err.problem, status: err.status });
      return;
    }
    if (isAppError(err)) {
      for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
      const problem = buildProblem(err.status, err.code, err.message, instanceOf(req));
      if (err.errors) problem.errors = err.errors;
      Object.assign(problem, err.extensions);
      if (err.status >= 500) requestLogger(res, logger).warn({ code: err.code, detail: err.message, path: (req.url ?? "/").split("?")[0] }, "upstream failure");
      sendProblem(res, problem);
      return;
    }
    // http-errors from Express itself (a malformed URI, say) carry a 4xx status.
    const typed = err as { status?: number; expose?: boolean; message?: string };
    if (typeof typed.status === "number" && typed.status >= 400 && typed.status < 500) {
      sendProblem(res, buildProblem(typed.status, "bad-request", typed.expose ? typed.message : undefined, instanceOf(req)));
      return;
    }
    requestLogger(res, logger).error({ err, path: (req.url ?? "/").split("?")[0], method: req.method }, "unhandled error");
    sendProblem(res, buildProblem(500, "internal", "An unexpected error occurred.", instanceOf(req)));
  };
}

/**
 * The problem's `instance`: the request path without its query string, which may carry a
 * credential (`?access_token=`) that must never be echoed back.
 */
function instanceOf(req: { originalUrl?: string; url?: string }): string {
  return (req.originalUrl ?? req.url ?? "/").split("?")[0];
}

/** Unknown routes. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, buildProblem(404, "not-found", `no route for ${req.method} ${req.path}`, instanceOf(req)));
};

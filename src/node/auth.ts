import type { RequestHandler, Response } from "express";
import type { Principal, TokenVerifier } from "../auth/tokens";
import { ALL_SCOPES } from "../auth/tokens";
import type { Scope } from "../config/config-schema";
import { ForbiddenError, UnauthorizedError } from "../errors";

const REALM = "mcpfed";

export interface AuthOptions {
  verifier: TokenVerifier;
  /** No tokens configured and a loopback host: every request acts with every scope. */
  open: () => boolean;
  /** Told of every rejected request (for metrics and the audit trail); never given the token. */
  onReject?: (reason: "missing-token" | "invalid-token", path: string) => void;
}

const OPEN_PRINCIPAL: Principal = { id: "anonymous", scopes: new Set(ALL_SCOPES) };

/** The authenticated principal of this request (set by `authenticate`). */
export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new UnauthorizedError("not authenticated");
  return p;
}

/** RFC 6750 `b64token`: the only credential syntax the header may carry. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The bearer token of the `Authorization` header, or undefined. Never the query or the body. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  return BEARER.exec(authorization)?.[1];
}

/**
 * Bearer authentication from the `Authorization` header only. Tokens in the query string
 * (`?access_token=`) or in a body field, which passport-http-bearer also accepted, are ignored:
 * a token in a URL ends up in proxy and access logs. Failures become 401 problems carrying
 * `WWW-Authenticate: Bearer`.
 */
export function authenticate(options: AuthOptions): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (options.open() && header === undefined) {
      res.locals.principal = OPEN_PRINCIPAL;
      next();
      return;
    }
    const token = bearerTokenOf(header);
    const principal = token === undefined ? undefined : options.verifier.verify(token);
    if (principal) {
      res.locals.principal = principal;
      next();
      return;
    }
    const presented = token !== undefined;
    options.onReject?.(presented ? "invalid-token" : "missing-token", (req.url ?? "/").split("?")[0]);
    const error = new UnauthorizedError(presented ? "the bearer token is not valid" : "a bearer token is required");
    error.headers["WWW-Authenticate"] = presented ? `Bearer realm="${REALM}", error="invalid_token"` : `Bearer realm="${REALM}"`;
    next(error);
  };
}

/**
 * The principal of a request on a route that needs no token (/healthz): the open-mode principal,
 * the header token's, or undefined. Never a 401: a missing or wrong token just shows less.
 */
export function optionalPrincipal(req: { headers: { authorization?: string } }, options: Pick<AuthOptions, "verifier" | "open">): Principal | undefined {
  const token = bearerTokenOf(req.headers.authorization);
  if (token === undefined) return options.open() && req.headers.authorization === undefined ? OPEN_PRINCIPAL : undefined;
  return options.verifier.verify(token);
}

/** 403 unless the principal holds `scope` (or, for `also`, any of those). */
export function requireScope(scope: Scope, ...also: Scope[]): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (!principal.scopes.has(scope) && !also.some((s) => principal.scopes.has(s))) {
      const err = new ForbiddenError(`this token lacks the ${scope} scope`);
      err.headers["WWW-Authenticate"] = `Bearer realm="${REALM}", error="insufficient_scope", scope="${scope}"`;
      throw err;
    }
    next();
  };
}

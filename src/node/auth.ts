import type { RequestHandler, Response } from "express";
import { Passport } from "passport";
import { Strategy as BearerStrategy } from "passport-http-bearer";
import type { Principal, TokenVerifier } from "../auth/tokens";
import { ALL_SCOPES } from "../auth/tokens";
import type { Scope } from "../config/config-schema";
import { ForbiddenError, UnauthorizedError } from "../errors";

const REALM = "mcpfed";
const PROPERTY = "mcpfedPrincipal";

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

/**
 * Bearer authentication through passport-http-bearer, with a passport instance of its own
 * (no global state). Failures become 401 problems carrying `WWW-Authenticate: Bearer`.
 */
export function authenticate(options: AuthOptions): RequestHandler {
  const passport = new Passport();
  passport.use(
    new BearerStrategy({ realm: REALM }, (token: string, done: (err: unknown, user: Principal | false) => void) => {
      done(null, options.verifier.verify(token) ?? false);
    }),
  );
  // Built once: passport.authenticate() per request would rebuild its closures every time.
  const bearer = passport.authenticate("bearer", { session: false, failWithError: true, assignProperty: PROPERTY });
  return (req, res, next) => {
    if (options.open() && !req.headers.authorization) {
      res.locals.principal = OPEN_PRINCIPAL;
      next();
      return;
    }
    bearer(req, res, (err?: unknown) => {
      if (err) {
        const presented = /^\s*bearer\s+\S/i.test(req.headers.authorization ?? "");
        options.onReject?.(presented ? "invalid-token" : "missing-token", (req.url ?? "/").split("?")[0]);
        const error = new UnauthorizedError(presented ? "the bearer token is not valid" : "a bearer token is required");
        error.headers["WWW-Authenticate"] = String(res.getHeader("WWW-Authenticate") ?? `Bearer realm="${REALM}"`);
        next(error);
        return;
      }
      res.locals.principal = (req as unknown as Record<string, Principal>)[PROPERTY];
      next();
    });
  };
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

import type { RequestHandler } from "express";
import { ForbiddenError } from "../errors";
import { isLoopbackHost } from "./node-tokens";

export interface OpenModeGuardOptions {
  /** True while the node runs without tokens (loopback only): the only mode this guard acts in. */
  open: () => boolean;
  /** Browser origins allowed besides the node's own (the `mcp.allowedOrigins` setting). */
  allowedOrigins: readonly string[];
}

/** The host part of a Host header (`[::1]:8000` → `[::1]`), or undefined when it is not one. */
function hostnameOf(hostHeader: string): string | undefined {
  try {
    const url = new URL(`http://${hostHeader}`);
    return url.username || url.password || url.pathname !== "/" || url.search || url.hash ? undefined : url.hostname;
  } catch {
    return undefined;
  }
}

/**
 * Blocks DNS rebinding against a node without tokens. Such a node accepts every request on
 * loopback, so a web page whose own name was re-pointed at 127.0.0.1 could drive it from a
 * browser. The browser still sends that page's name in `Host` and its origin in `Origin`: in
 * open mode only a loopback `Host` is accepted, and an `Origin` only when it is the node's own
 * (same host and port as `Host`) or listed in `allowedOrigins`. Anything else is a 403 problem
 * before any other middleware, /healthz included.
 */
export function openModeGuard(options: OpenModeGuardOptions): RequestHandler {
  return (req, _res, next) => {
    if (!options.open()) {
      next();
      return;
    }
    const host = req.headers.host;
    const hostname = host === undefined ? undefined : hostnameOf(host);
    if (hostname === undefined || !isLoopbackHost(hostname)) {
      next(new ForbiddenError("without tokens this node answers only requests addressed to a loopback host"));
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, host!) && !options.allowedOrigins.includes(origin)) {
      next(new ForbiddenError("without tokens this node answers only its own origin"));
      return;
    }
    next();
  };
}

function isOwnOrigin(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && url.host === new URL(`http://${host}`).host;
  } catch {
    return false;
  }
}

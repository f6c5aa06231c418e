import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOW_HEADERS = "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID";
const EXPOSE_HEADERS = "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate";

const LOOPBACK_HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::\d{1,5})?$/i;

/**
 * Is the browser origin allowed? No Origin (not a browser), one of `mcp.allowedOrigins`, or the
 * node's own origin (a page the node serves, e.g. its console) are; anything else is not, which
 * keeps a web page from driving a local node. "Own origin" means the Host the request was sent
 * to, and only a loopback one: a page whose DNS name was rebound to the node (Host and Origin
 * both `evil.example`) is refused.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  const host = req.headers.host;
  if (!host || !LOOPBACK_HOST.test(host)) return false;
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  return origin === `${secure ? "https" : "http"}://${host}`;
}

/** CORS headers on an answer to an allowed cross-origin request. */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  res.setHeader("Vary", "Origin");
}

/**
 * Answers a CORS preflight (OPTIONS, no credentials by definition): 204 with the methods and
 * headers an MCP client sends, for an allowed origin; 403 otherwise.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): void {
  res.setHeader("Vary", "Origin");
  if (req.headers.origin === undefined || !originAllowed(req, allowed)) {
    res.statusCode = 403;
    res.end();
    return;
  }
  applyCors(req, res);
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
  res.setHeader("Access-Control-Max-Age", "600");
  res.statusCode = 204;
  res.end();
}

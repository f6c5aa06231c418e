import type { IRouter, Response } from "express";
import type { NodeIdentity } from "../../trust/node-identity";
import { protectedResourceMetadata } from "../../trust/protected-resource";

export interface WellKnownDeps {
  name: string;
  publicUrl: () => string;
  identity: NodeIdentity;
  authorizationServers: readonly string[];
  scopes: readonly string[];
}

function publicJson(res: Response, body: unknown): void {
  // public documents: cacheable briefly, so a rotation is seen within minutes
  res.setHeader("Cache-Control", "public, max-age=300");
  res.json(body);
}

/**
 * The node's public, unauthenticated documents: its description (`mcpfed.json`), its JWKS and
 * its RFC 9728 protected-resource metadata. Only public keys appear (no `d`, ever).
 */
export function wellKnownRouter(deps: WellKnownDeps, router: IRouter): void {
  router.get("/.well-known/jwks.json", async (_req, res) => {
    publicJson(res, await deps.identity.publicJwks());
  });
  router.get("/.well-known/mcpfed.json", async (_req, res) => {
    const url = deps.publicUrl();
    publicJson(res, {
      name: deps.name,
      url,
      keys: await deps.identity.publicJwks(),
      endpoints: {
        mcp: `${url}/mcp`,
        discover: `${url}/discover`,
        execute: `${url}/execute`,
        register: `${url}/register`,
        health: `${url}/healthz`,
        jwks: `${url}/.well-known/jwks.json`,
        oauthProtectedResource: `${url}/.well-known/oauth-protected-resource`,
      },
    });
  });
  router.get("/.well-known/oauth-protected-resource", (_req, res) => {
    publicJson(res, protectedResourceMetadata(deps.publicUrl(), deps.name, deps.authorizationServers, deps.scopes));
  });
  router.get("/.well-known/oauth-protected-resource/mcp", (_req, res) => {
    publicJson(res, protectedResourceMetadata(`${deps.publicUrl()}/mcp`, `${deps.name} MCP`, deps.authorizationServers, deps.scopes));
  });
}

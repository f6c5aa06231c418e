/** Scopes an MCP client needs on /mcp: listing needs discover, calling needs execute. */
export const MCP_SCOPES = ["discover", "execute"] as const;

/** RFC 9728 protected-resource metadata of one resource of this node. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers?: string[];
  scopes_supported: string[];
  bearer_methods_supported: ["header"];
  resource_name: string;
}

/** The metadata document for `resource` (the node's base URL, or its /mcp endpoint). */
export function protectedResourceMetadata(resource: string, name: string, authorizationServers: readonly string[], scopes: readonly string[]): ProtectedResourceMetadata {
  return {
    resource,
    ...(authorizationServers.length > 0 ? { authorization_servers: [...authorizationServers] } : {}),
    scopes_supported: [...scopes],
    bearer_methods_supported: ["header"],
    resource_name: name,
  };
}

/**
 * The RFC 9728 §5.1 parameters a 401 from the MCP endpoint carries, so that an MCP client can
 * discover where to get a token. Other paths keep the plain `Bearer` challenge.
 */
export function protectedResourceChallenge(path: string, baseUrl: string): string | undefined {
  if (path !== "/mcp" && !path.startsWith("/mcp/")) return undefined;
  return `resource_metadata="${baseUrl}/.well-known/oauth-protected-resource/mcp", scope="${MCP_SCOPES.join(" ")}"`;
}

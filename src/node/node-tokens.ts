import { readTokensFile } from "../auth/tokens-file";
import { sha256Hex } from "../auth/tokens";
import type { NodeConfig, TokenEntry } from "../config/config-schema";

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Every token the node accepts: the shared one (with `sharedTokenScopes`, by default only what
 * a peer needs, since the node sends it to peers), the config's, and the tokens file's.
 */
export function collectTokens(config: NodeConfig): TokenEntry[] {
  const tokens: TokenEntry[] = [...config.tokens];
  if (config.tokensFile) tokens.push(...readTokensFile(config.tokensFile));
  if (config.sharedToken) tokens.push({ id: "federation", sha256: sha256Hex(config.sharedToken), scopes: [...config.sharedTokenScopes] });
  return tokens;
}

/** Throws unless the node may run with these tokens on this host. */
export function assertTokenPolicy(config: NodeConfig, tokens: readonly TokenEntry[]): void {
  if (tokens.length === 0 && !isLoopbackHost(config.node.host)) {
    throw new Error(
      `no token is configured and host ${config.node.host} is not loopback: set MCP_FEDERATION_TOKEN, --token, ` +
        "tokens in the config or --tokens-file (create one with `mcpfed token create`)",
    );
  }
}

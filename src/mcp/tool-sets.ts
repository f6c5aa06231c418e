import picomatch from "picomatch";
import type { ToolScope } from "./federation-mcp";

export interface ToolSetConfig {
  include?: readonly string[];
  exclude?: readonly string[];
}

/**
 * A named tool set (`mcp.toolSets`) as an endpoint scope: registry ids (`everything.echo`,
 * `search.query@partner.example`) matching some `include` glob (all when there is none) and no
 * `exclude` glob. `*` matches dots and `@` too, so `*@partner.example` is every tool of a partner.
 */
export function toolSetScope(name: string, config: ToolSetConfig): ToolScope {
  const options = { dot: true };
  const include = config.include?.length ? picomatch([...config.include], options) : undefined;
  const exclude = config.exclude?.length ? picomatch([...config.exclude], options) : undefined;
  return { name, includes: (id) => (include ? include(id) : true) && !(exclude ? exclude(id) : false) };
}

/** Tool set names and server names share `/mcp/<name>`: a clash is a configuration error. */
export function assertEndpointNames(toolSets: Readonly<Record<string, unknown>>, servers: Readonly<Record<string, unknown>>): void {
  const clashes = Object.keys(toolSets).filter((name) => Object.prototype.hasOwnProperty.call(servers, name));
  if (clashes.length > 0) {
    throw new Error(`mcp.toolSets ${clashes.join(", ")}: a tool set cannot have the name of a server in mcpServers (both are served at /mcp/<name>)`);
  }
}

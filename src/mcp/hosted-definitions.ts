import type { Tool } from "@modelcontextprotocol/sdk/types.js";

/** What the lookup needs of the hosted servers. */
export interface DefinitionSource {
  get(server: string): { toolDefinition(tool: string): Tool | undefined } | undefined;
}

/**
 * Looks up the whole definition of a local tool `server.tool` as its hosted server listed it;
 * undefined for remote ids (`name@host`) and unknown tools.
 */
export function hostedDefinitionLookup(hosted: DefinitionSource): (id: string) => Tool | undefined {
  return (id) => {
    const dot = id.indexOf(".");
    if (dot < 0 || id.includes("@")) return undefined;
    return hosted.get(id.slice(0, dot))?.toolDefinition(id.slice(dot + 1));
  };
}

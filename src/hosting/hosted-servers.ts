import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import type { ServerConfig } from "../config/config-schema";
import { definitionSha256, type ToolCatalog } from "../catalog/tool-catalog";
import type { CatalogEntry } from "../store/catalog-store";
import { HostedServer, type ServerStatus } from "./hosted-server";

const TOOL_NAME = /^[A-Za-z0-9._-]{1,128}$/;

export interface HostedServersOptions {
  servers: Readonly<Record<string, ServerConfig>>;
  catalog: ToolCatalog;
  logger: Logger;
  callTimeoutMs: number;
  restartBaseMs?: number;
}

/** Capabilities derived from a tool's MCP annotations, so partners can filter on them. */
function capabilitiesOf(tool: Tool): string[] {
  const a = tool.annotations ?? {};
  const caps: string[] = [];
  if (a.readOnlyHint === true) caps.push("read-only");
  if (a.destructiveHint === true) caps.push("destructive");
  if (a.idempotentHint === true) caps.push("idempotent");
  if (a.openWorldHint === true) caps.push("open-world");
  return caps;
}

/** Turns a server's listed tools into catalog entries named `server.tool`. */
export function toCatalogEntries(server: string, tools: Tool[], version: string, now = Date.now()): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (const tool of tools) {
    const name = `${server}.${tool.name}`;
    if (!TOOL_NAME.test(name)) continue;
    const inputSchema = tool.inputSchema as Record<string, unknown>;
    const description = tool.description ?? tool.title ?? "";
    out.push({
      name,
      server,
      origin: "hosted",
      description,
      version,
      tags: [],
      capabilities: capabilitiesOf(tool),
      inputSchema,
      executable: true,
      definitionSha256: definitionSha256({ name: tool.name, description, inputSchema }),
      updatedAt: now,
    });
  }
  return out;
}

/** The operator's configured MCP servers, connected and kept in the catalog. */
export class HostedServers {
  private readonly servers = new Map<string, HostedServer>();

  constructor(private readonly options: HostedServersOptions) {
    for (const [name, config] of Object.entries(options.servers)) {
      if (config.disabled) continue;
      const skipped = new Set<string>();
      this.servers.set(
        name,
        new HostedServer({
          name,
          config,
          logger: options.logger,
          callTimeoutMs: options.callTimeoutMs,
          restartBaseMs: options.restartBaseMs,
          onTools: (server, tools, version) => {
            const entries = toCatalogEntries(server, tools, version);
            for (const t of tools) {
              if (!entries.some((e) => e.name === `${server}.${t.name}`) && !skipped.has(t.name)) {
                skipped.add(t.name);
                options.logger.warn({ server, tool: t.name }, "tool name not publishable; skipped");
              }
            }
            options.catalog.replaceServer(server, entries);
          },
        }),
      );
    }
    options.catalog.retainHostedServers([...this.servers.keys()]);
  }

  get(name: string): HostedServer | undefined {
    return this.servers.get(name);
  }

  costOf(name: string): number | null {
    return this.options.servers[name]?.cost ?? null;
  }

  /** Connects every server in parallel; resolves when each has connected or failed once. */
  async start(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.stop()));
  }

  status(): Record<string, ServerStatus> {
    const out: Record<string, ServerStatus> = {};
    for (const [name, s] of this.servers) out[name] = s.status();
    return out;
  }
}

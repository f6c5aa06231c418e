import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import type { ServerConfig } from "../config/config-schema";
import { definitionSha256, type ToolCatalog } from "../catalog/tool-catalog";
import type { CatalogEntry } from "../store/catalog-store";
import type { OutboundGuard } from "../net/outbound-guard";
import { HostedServer, type ServerStatus } from "./hosted-server";

const TOOL_NAME = /^[A-Za-z0-9._-]{1,128}$/;

export interface HostedServersOptions {
  /** The configured servers (replaced on reload). */
  servers: Readonly<Record<string, ServerConfig>>;
  catalog: ToolCatalog;
  logger: Logger;
  callTimeoutMs: number;
  restartBaseMs?: number;
  breaker?: { failureThreshold?: number; openMs?: number };
  /** How often idle HTTP servers are pinged (default 30 s). */
  pingIntervalMs?: number;
  /** Checks every connection to a published (partner's) remote; the operator's own servers are trusted. */
  remoteGuard?: OutboundGuard;
  /** Largest response body (or streamed event) read from an HTTP server (default 16 MiB). */
  maxResponseBytes?: number;
  /**
   * Does this replica write published remotes' listings to the shared catalog (the leader of a
   * group of replicas; absent: always)? The others host the remote for calls and take the
   * leader's listing from the store, so one remote's list_changed is written once, not once per
   * replica, and a rug pull is judged by one replica.
   */
  listsRegistered?: () => Promise<boolean>;
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

export interface PublishOptions {
  origin: "hosted" | "registered";
  tags?: string[];
  capabilities?: string[];
  /** Decides which listed tools are published (pins for registered servers). */
  approve?: (server: string, tools: Tool[]) => Tool[];
  /** Write the first listing here whoever leads (the replica that just ran the registration). */
  listFirstHere?: boolean;
}

/** An operator's server: its tools carry the server's configured tags and capabilities. */
function hostedPublish(config: ServerConfig): PublishOptions {
  return { origin: "hosted", tags: config.tags ?? [], capabilities: config.capabilities ?? [] };
}

/** Turns a server's listed tools into catalog entries named `server.tool`. */
export function toCatalogEntries(
  server: string,
  tools: Tool[],
  version: string,
  publish: Omit<PublishOptions, "approve"> = { origin: "hosted" },
  now = Date.now(),
): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (const tool of tools) {
    const name = `${server}.${tool.name}`;
    if (!TOOL_NAME.test(name)) continue;
    const inputSchema = tool.inputSchema as Record<string, unknown>;
    const description = tool.description ?? tool.title ?? "";
    out.push({
      name,
      server,
      origin: publish.origin,
      description,
      version,
      tags: publish.tags ?? [],
      capabilities: [...new Set([...(publish.capabilities ?? []), ...capabilitiesOf(tool)])],
      inputSchema,
      executable: true,
      definitionSha256: definitionSha256({ name: tool.name, description, inputSchema }),
      updatedAt: now,
      definition: tool,
    });
  }
  return out;
}

/** The operator's configured MCP servers (and published remotes), connected and kept in the catalog. */
export class HostedServers {
  private readonly servers = new Map<string, HostedServer>();
  private readonly costs = new Map<string, number | null>();

  constructor(private readonly options: HostedServersOptions) {
    for (const [name, config] of Object.entries(options.servers)) {
      if (config.disabled) continue;
      this.servers.set(name, this.build(name, config, hostedPublish(config)));
    }
    options.catalog.retainHostedServers([...this.servers.keys()]);
  }

  private build(name: string, config: ServerConfig, publish: PublishOptions): HostedServer {
    const skipped = new Set<string>();
    const { catalog, logger } = this.options;
    this.costs.set(name, config.cost ?? null);
    const publishListing = (server: string, listed: Tool[], version: string): void => {
      const tools = publish.approve ? publish.approve(server, listed) : listed;
      const entries = toCatalogEntries(server, tools, version, publish);
      for (const t of tools) {
        if (!entries.some((e) => e.name === `${server}.${t.name}`) && !skipped.has(t.name)) {
          skipped.add(t.name);
          logger.warn({ server, tool: t.name }, "tool name not publishable; skipped");
        }
      }
      catalog.replaceServer(server, entries);
    };
    const lead = publish.origin === "registered" ? this.options.listsRegistered : undefined;
    let firstHere = publish.listFirstHere === true;
    return new HostedServer({
      name,
      config,
      logger,
      callTimeoutMs: this.options.callTimeoutMs,
      restartBaseMs: this.options.restartBaseMs,
      breaker: breakerOf(config, this.options.breaker),
      pingIntervalMs: this.options.pingIntervalMs,
      maxConcurrent: config.maxConcurrent,
      maxQueued: config.maxQueued,
      guard: publish.origin === "registered" ? this.options.remoteGuard : undefined,
      maxResponseBytes: this.options.maxResponseBytes,
      listedTools: () => catalog.all().filter((e) => e.server === name).length,
      storedDefinition: (tool) => catalog.get(`${name}.${tool}`)?.entry.definition,
      onTools: (server, listed, version) => {
        if (!lead || firstHere) {
          firstHere = false;
          return publishListing(server, listed, version);
        }
        return lead().then(
          (leads) => {
            if (leads) publishListing(server, listed, version);
          },
          (err: unknown) => logger.error({ err, server }, "listing not published"),
        );
      },
    });
  }

  get(name: string): HostedServer | undefined {
    return this.servers.get(name);
  }

  /** Is `name` one of the operator's configured servers (not a published remote)? */
  isConfigured(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.options.servers, name);
  }

  /** The operator's configuration of server `name` when it is configured and enabled (not a published remote). */
  configOf(name: string): ServerConfig | undefined {
    return this.isConfigured(name) && this.servers.has(name) ? this.options.servers[name] : undefined;
  }

  costOf(name: string): number | null {
    return this.costs.get(name) ?? null;
  }

  /** Adds a server at run time (a published remote) and connects it once. */
  async add(name: string, config: ServerConfig, publish: PublishOptions): Promise<HostedServer> {
    await this.remove(name);
    const server = this.build(name, config, publish);
    this.servers.set(name, server);
    await server.start();
    return server;
  }

  /** Stops a server and drops its tools from the catalog. */
  async remove(name: string): Promise<void> {
    const server = this.servers.get(name);
    if (!server) return;
    this.servers.delete(name);
    await server.stop();
    this.options.catalog.replaceServer(name, []);
  }

  /**
   * Brings the configured servers in line with a new configuration: new ones are added,
   * removed ones stopped, changed ones restarted; unchanged ones keep their connections.
   */
  async reconcile(servers: Readonly<Record<string, ServerConfig>>): Promise<{ added: string[]; removed: string[]; restarted: string[] }> {
    const before = this.options.servers;
    const out = { added: [] as string[], removed: [] as string[], restarted: [] as string[] };
    for (const name of Object.keys(before)) {
      if (!(name in servers) || servers[name].disabled) {
        await this.remove(name);
        out.removed.push(name);
      }
    }
    this.options.servers = servers;
    for (const [name, config] of Object.entries(servers)) {
      if (config.disabled) continue;
      const old = before[name];
      if (old && !old.disabled && JSON.stringify(old) === JSON.stringify(config) && this.servers.has(name)) continue;
      (old && this.servers.has(name) ? out.restarted : out.added).push(name);
      await this.add(name, config, hostedPublish(config));
    }
    return out;
  }

  /** Connects every server in parallel; resolves when each has connected or failed once. */
  async start(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.stop()));
  }

  /** A caller session ended: every session-isolated server closes that session's own connection. */
  async closeSession(session: string): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.closeSession(session)));
  }

  /** Each connected server's `instructions` from initialize, by server name (servers without any are left out). */
  instructions(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, s] of this.servers) {
      const text = s.instructions;
      if (text) out[name] = text;
    }
    return out;
  }

  status(): Record<string, ServerStatus> {
    const out: Record<string, ServerStatus> = {};
    for (const [name, s] of this.servers) out[name] = s.status();
    return out;
  }
}

/** The server's own `breaker` settings over the node's defaults (a reload restarts the server with them). */
function breakerOf(config: ServerConfig, defaults: HostedServersOptions["breaker"]): HostedServersOptions["breaker"] {
  const own = config.breaker;
  if (!own) return defaults;
  return { ...defaults, ...(own.failures !== undefined ? { failureThreshold: own.failures } : {}), ...(own.openFor !== undefined ? { openMs: own.openFor } : {}) };
}

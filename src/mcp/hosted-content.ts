import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  ErrorCode,
  McpError,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptResult,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from "@modelcontextprotocol/sdk/types.js";
import { HostedNotifications } from "./hosted-notifications";
import { assignAliases } from "./tool-aliases";

/** What the aggregated endpoint needs of the hosted servers. */
export interface HostedClients {
  /** Names of the operator's configured servers. */
  names(): string[];
  /** The server's SDK client while it is ready. */
  client(server: string): Client | undefined;
}

const CALL_TIMEOUT_MS = 10_000;
const MAX_PAGES = 10;
const meta = (server: string, id?: string) => ({ "io.mcpfed/server": server, ...(id ? { "io.mcpfed/id": id } : {}) });

/**
 * Resources, resource templates and prompts of the hosted servers on the aggregated `/mcp`, each
 * routed to the server that owns it. Resource URIs stay as the servers give them (so a
 * `resource_link` a tool returns is readable as it is); a read goes to the server that listed
 * the URI, else the one whose template matches, else each server in name order. Prompt names
 * follow the tool naming (`server__prompt`, id `server.prompt` in `_meta["io.mcpfed/id"]`).
 */
export class HostedContent {
  private owners = new Map<string, string>();
  private templates: { server: string; template: UriTemplate; uriTemplate: string }[] = [];
  /** list_changed and resources/updated of the hosted servers, relayed to the node's sessions. */
  readonly notifications = new HostedNotifications();

  constructor(private readonly hosted: HostedClients) {}

  /** A new session hears the hosted servers' list_changed; call `leave` when it closes. */
  join(session: Server): void {
    for (const [, client] of [...this.ready("resources"), ...this.ready("prompts")]) this.notifications.watch(client);
    this.notifications.join(session);
  }

  leave(session: Server): Promise<void> {
    return this.notifications.leave(session, (uri) => this.ownerNow(uri));
  }

  /** The client of the server that owns a resource URI (listed it, or has a matching template). */
  private async ownerOf(uri: string): Promise<Client> {
    if (this.owners.size === 0) await this.listResources();
    if (this.templates.length === 0) await this.listResourceTemplates();
    const client = this.ownerNow(uri);
    if (!client) throw new McpError(-32002, `resource not found: ${uri}`);
    return client;
  }

  private ownerNow(uri: string): Client | undefined {
    const server = this.owners.get(uri) ?? this.templates.find((t) => t.uriTemplate === uri || t.template.match(uri) !== null)?.server;
    return server === undefined ? undefined : this.hosted.client(server);
  }

  async subscribe(session: Server, uri: string): Promise<void> {
    await this.notifications.subscribe(session, uri, await this.ownerOf(uri));
  }

  async unsubscribe(session: Server, uri: string): Promise<void> {
    await this.notifications.unsubscribe(session, uri, this.ownerNow(uri));
  }

  /** completion/complete, routed to the server owning the prompt (by its listed name) or the resource template. */
  async complete(params: CompleteRequest["params"]): Promise<CompleteResult> {
    const ref = params.ref;
    if (ref.type === "ref/prompt") {
      const prompt = (await this.listPrompts()).find((p) => p.name === ref.name);
      const server = prompt?._meta?.["io.mcpfed/server"];
      const id = prompt?._meta?.["io.mcpfed/id"];
      const client = typeof server === "string" ? this.hosted.client(server) : undefined;
      if (!client || typeof id !== "string") throw new McpError(ErrorCode.InvalidParams, `unknown prompt ${ref.name}`);
      return client.complete({ ...params, ref: { ...ref, name: id.slice(String(server).length + 1) } }, { timeout: CALL_TIMEOUT_MS });
    }
    const client = await this.ownerOf(ref.uri).catch(() => undefined);
    if (!client) throw new McpError(ErrorCode.InvalidParams, `unknown resource template ${ref.uri}`);
    return client.complete(params, { timeout: CALL_TIMEOUT_MS });
  }

  private ready(capability: "resources" | "prompts"): [string, Client][] {
    const out: [string, Client][] = [];
    for (const name of [...this.hosted.names()].sort()) {
      const client = this.hosted.client(name);
      if (!client?.getServerCapabilities()?.[capability]) continue;
      this.notifications.watch(client);
      out.push([name, client]);
    }
    return out;
  }

  /** The clients of the hosted servers that are ready now. */
  clients(): Client[] {
    return this.hosted.names().flatMap((name) => this.hosted.client(name) ?? []);
  }

  /** The servers' instructions, each under its name, for the node's own instructions. */
  instructions(): string {
    const parts: string[] = [];
    for (const name of [...this.hosted.names()].sort()) {
      const text = this.hosted.client(name)?.getInstructions();
      if (text) parts.push(`## ${name}\n${text}`);
    }
    return parts.join("\n\n");
  }

  async listResources(): Promise<Resource[]> {
    const out: Resource[] = [];
    const owners = new Map<string, string>();
    for (const [server, client] of this.ready("resources")) {
      const listed = await pages((cursor) => client.listResources(cursor ? { cursor } : {}, { timeout: CALL_TIMEOUT_MS }).then((r) => [r.resources, r.nextCursor] as const)).catch(() => []);
      for (const r of listed) {
        if (!owners.has(r.uri)) owners.set(r.uri, server);
        out.push({ ...r, _meta: { ...r._meta, ...meta(server) } });
      }
    }
    this.owners = owners;
    return out;
  }

  async listResourceTemplates(): Promise<ResourceTemplate[]> {
    const out: ResourceTemplate[] = [];
    const templates: { server: string; template: UriTemplate; uriTemplate: string }[] = [];
    for (const [server, client] of this.ready("resources")) {
      const listed = await pages((cursor) =>
        client.listResourceTemplates(cursor ? { cursor } : {}, { timeout: CALL_TIMEOUT_MS }).then((r) => [r.resourceTemplates, r.nextCursor] as const),
      ).catch(() => []);
      for (const t of listed) {
        templates.push({ server, template: new UriTemplate(t.uriTemplate), uriTemplate: t.uriTemplate });
        out.push({ ...t, _meta: { ...t._meta, ...meta(server) } });
      }
    }
    this.templates = templates;
    return out;
  }

  async readResource(uri: string): Promise<ReadResourceResult> {
    if (this.owners.size === 0) await this.listResources();
    if (this.templates.length === 0) await this.listResourceTemplates();
    const owner = this.owners.get(uri) ?? this.templates.find((t) => t.template.match(uri) !== null)?.server;
    const ready = this.ready("resources");
    const order = owner ? ready.filter(([name]) => name === owner) : ready;
    for (const [, client] of order) {
      try {
        return await client.readResource({ uri }, { timeout: CALL_TIMEOUT_MS });
      } catch (err) {
        if (owner) throw err;
      }
    }
    throw new McpError(-32002, `resource not found: ${uri}`);
  }

  /** Prompts under `server__prompt`, sorted by name. */
  async listPrompts(): Promise<Prompt[]> {
    const found: { server: string; prompt: Prompt }[] = [];
    for (const [server, client] of this.ready("prompts")) {
      const listed = await pages((cursor) => client.listPrompts(cursor ? { cursor } : {}, { timeout: CALL_TIMEOUT_MS }).then((r) => [r.prompts, r.nextCursor] as const)).catch(() => []);
      for (const prompt of listed) found.push({ server, prompt });
    }
    const aliases = assignAliases(found.map((f) => `${f.server}.${f.prompt.name}`));
    return found
      .map(({ server, prompt }) => {
        const id = `${server}.${prompt.name}`;
        return { ...prompt, name: aliases.get(id) as string, _meta: { ...prompt._meta, ...meta(server, id) } };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async getPrompt(name: string, args: Record<string, string> | undefined): Promise<GetPromptResult> {
    const prompt = (await this.listPrompts()).find((p) => p.name === name);
    const server = prompt?._meta?.["io.mcpfed/server"];
    const id = prompt?._meta?.["io.mcpfed/id"];
    const client = typeof server === "string" ? this.hosted.client(server) : undefined;
    if (!client || typeof id !== "string") throw new McpError(ErrorCode.InvalidParams, `unknown prompt ${name}`);
    return client.getPrompt({ name: id.slice(String(server).length + 1), arguments: args }, { timeout: CALL_TIMEOUT_MS });
  }
}

/** Follows cursors for at most MAX_PAGES pages. */
async function pages<T>(fetchPage: (cursor: string | undefined) => Promise<readonly [T[], string | undefined]>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const [items, next] = await fetchPage(cursor);
    out.push(...items);
    cursor = next;
    if (!cursor) break;
  }
  return out;
}

import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import type { Principal } from "../auth/tokens";
import type { Scope } from "../config/config-schema";
import type { FederatedEngine, RankedTool } from "../engine";
import { isAppError } from "../errors";
import type { ExecuteOptions, ExecuteService } from "../execution/execute-service";
import type { PolicyTable } from "../policy/policy";
import type { CallGate } from "../cache/call-gate";
import { callOptionsOf } from "./call-relay";
import { redactStatus } from "../node/redact";
import type { HostedContent } from "./hosted-content";
import { registerHostedContent } from "./hosted-content-handlers";
import { SessionLogging } from "./session-logging";
import { assignAliases } from "./tool-aliases";

export const SEARCH_TOOL = "search_tools";
export const DIRECTORY_URI = "mcpfed://directory";
const RANK_CACHE_MS = 2000;

export interface FederationMcpDeps {
  nodeName: string;
  version: string;
  engine: FederatedEngine;
  execute: ExecuteService;
  servers: () => Record<string, { state: string; tools: number; url?: string; lastError?: string | null }>;
  /** Registry revision of local tools (changes when they do). */
  localRevision: () => number;
  /** Resources, templates, prompts and instructions of the hosted servers (aggregated /mcp only). */
  content?: HostedContent;
  /** The whole definition a hosted server lists for one of its tools (`server.tool`), when known. */
  definitionOf?: (id: string) => Tool | undefined;
  logger: Logger;
  /** The member directory's records as the principal may see them (src/directory), under `members`. */
  members?: (principalId: string) => unknown;
}

/** Which tools an endpoint shows: the whole federation on `/mcp`, a named tool set on `/mcp/<set>`. */
export interface ToolScope {
  /** "" for the whole federation, else the set's name. */
  name: string;
  /** Is the registry id part of this endpoint? */
  includes(id: string): boolean;
}

export const WHOLE_FEDERATION: ToolScope = { name: "", includes: () => true };

interface Snapshot {
  key: string;
  at: number;
  ranked: RankedTool[];
  aliasById: Map<string, string>;
  idByAlias: Map<string, string>;
  /** tools/list, sorted by name, built once per registry revision. */
  tools: Tool[];
  /** The same for each tool set asked for. */
  byScope: Map<string, Tool[]>;
}

const SEARCH_DEFINITION: Tool = {
  name: SEARCH_TOOL,
  description:
    "Search the federation's tools by what you need (natural language). Returns the best-ranked matching tools " +
    "with their MCP tool names, descriptions and objectives (success rate, latency, cost, trust).",
  inputSchema: {
    type: "object",
    properties: {
      query: { type: "string", description: "What the tool should do, e.g. 'convert currencies'" },
      limit: { type: "integer", minimum: 1, maximum: 50, description: "How many tools to return (default 10)" },
    },
    required: ["query"],
  },
};

/**
 * The node as an MCP server: every executable tool of the federated registry under a stable
 * alias, a `search_tools` tool over the ranking, and a directory resource. Calls run through
 * the same ExecuteService as POST /execute (validation, records, limits, breakers, forwarding).
 */
export class FederationMcp {
  private snapshot: Snapshot | undefined;
  private readonly sessions = new Set<Server>();
  private notifyTimer: NodeJS.Timeout | undefined;
  private readonly logging: SessionLogging;
  private readonly toolListListeners = new Set<() => void>();

  constructor(private readonly deps: FederationMcpDeps) {
    this.logging = new SessionLogging({ clients: () => deps.content?.clients() ?? [] }, (err) => deps.logger.debug({ err: err.message }, "logging/setLevel not accepted upstream"));
  }

  private current(): Snapshot {
    // revisions, not the registry itself: this runs on every call. Peer states count too: a
    // peer going stale changes its tools' trust and ranking.
    const engine = this.deps.engine;
    const key = `${this.deps.localRevision()}:${engine.membershipRevision}:${engine.peerStateRevision}`;
    const now = Date.now();
    if (this.snapshot && this.snapshot.key === key && now - this.snapshot.at < RANK_CACHE_MS) return this.snapshot;
    const ranked = this.deps.engine.rank({ limit: 1_000_000 });
    const listed = ranked.filter((r) => r.executable && callable(this.deps.definitionOf?.(r.id)));
    const aliasById = assignAliases(listed.map((r) => r.id));
    const idByAlias = new Map([...aliasById].map(([id, alias]) => [alias, id]));
    const tools = [SEARCH_DEFINITION, ...listed.map((r) => listedTool(r, aliasById.get(r.id) as string, this.deps.definitionOf?.(r.id)))];
    tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.snapshot = { key, at: now, ranked, aliasById, idByAlias, tools, byScope: new Map() };
    return this.snapshot;
  }

  /**
   * The MCP tool list: `search_tools` and every executable tool, sorted by name. It carries no
   * per-call figures (ranking is what search_tools is for), so an unchanged registry gives a
   * byte-identical list and clients' prompt caches keep working.
   */
  listTools(scope: ToolScope = WHOLE_FEDERATION): Tool[] {
    const snap = this.current();
    if (scope === WHOLE_FEDERATION) return snap.tools;
    let tools = snap.byScope.get(scope.name);
    if (!tools) {
      tools = snap.tools.filter((t) => t.name === SEARCH_TOOL || scope.includes(String(t._meta?.["io.mcpfed/id"])));
      snap.byScope.set(scope.name, tools);
    }
    return tools;
  }

  /** tools/list for a principal (needs the discover scope). */
  listToolsAs(principal: Principal, scope: ToolScope = WHOLE_FEDERATION): { tools: Tool[] } {
    requireScope(principal, "discover");
    const tools = this.listTools(scope);
    const policy = this.deps.execute.policy;
    // a tool a policy denies this token is absent from its list
    if (!policy || policy.empty) return { tools };
    return { tools: tools.filter((t) => t.name === SEARCH_TOOL || policy.allows(String(t._meta?.["io.mcpfed/id"]), principal.id)) };
  }

  /** The node's policy table (the pass-through endpoints apply it too). */
  get policy(): PolicyTable | undefined {
    return this.deps.execute.policy;
  }

  /** The call limits and cache every call passes (the pass-through endpoints apply the limits). */
  get gate(): CallGate | undefined {
    return this.deps.execute.gate;
  }

  aliasOf(id: string): string | undefined {
    return this.current().aliasById.get(id);
  }

  /** One tools/call; `options` carry the caller's cancellation, progress and relay (see call-relay.ts). */
  async callTool(
    name: string,
    args: Record<string, unknown>,
    principal: Principal,
    scope: ToolScope = WHOLE_FEDERATION,
    options: ExecuteOptions = {},
  ): Promise<CallToolResult> {
    if (name === SEARCH_TOOL) {
      requireScope(principal, "discover");
      return this.search(args, scope, principal.id);
    }
    requireScope(principal, "execute");
    const found = this.current().idByAlias.get(name) ?? this.refreshAndResolve(name);
    const id = found !== undefined && scope.includes(found) ? found : undefined;
    if (!id) throw new McpError(ErrorCode.InvalidParams, `unknown tool ${name}`);
    try {
      return await this.deps.execute.execute({ mcp_name: id, kwargs: args }, { ...options, principal: principal.id });
    } catch (err) {
      if (!isAppError(err)) throw err;
      // the model sees why the call failed and can correct itself
      return {
        isError: true,
        content: [{ type: "text", text: `${err.status} ${err.code}: ${err.message}${err.errors ? `\n${err.errors.map((e) => `${e.path}: ${e.message}`).join("\n")}` : ""}` }],
        _meta: { "io.mcpfed/status": err.status, "io.mcpfed/code": err.code },
      };
    }
  }

  /** A tool added since the last snapshot is still callable. */
  private refreshAndResolve(alias: string): string | undefined {
    this.snapshot = undefined;
    return this.current().idByAlias.get(alias);
  }

  private search(args: Record<string, unknown>, scope: ToolScope, principalId: string): CallToolResult {
    const query = typeof args.query === "string" ? args.query : "";
    const limit = typeof args.limit === "number" && Number.isInteger(args.limit) ? Math.min(50, Math.max(1, args.limit)) : 10;
    if (!query.trim()) throw new McpError(ErrorCode.InvalidParams, "query is required");
    const snap = this.current();
    const hits = this.deps.engine
      .rank({ query, limit: limit * 2 })
      .filter((r) => snap.aliasById.has(r.id) && scope.includes(r.id) && this.deps.execute.policy?.allows(r.id, principalId) !== false)
      .slice(0, limit)
      .map((r) => ({ tool: snap.aliasById.get(r.id), id: r.id, description: r.description, host: r.host, stale: r.stale, front: r.front, objectives: r.objectives }));
    return { content: [{ type: "text", text: JSON.stringify(hits, null, 2) }], structuredContent: { tools: hits } };
  }

  /**
   * The directory resource; with a principal, its tools and members are those it may see
   * (policies). Servers' and peers' status (URLs, last errors) are operators' details: as on
   * /healthz, only a token with the admin or metrics scope gets them, redacted.
   */
  directory(principal?: Principal): Record<string, unknown> {
    const snap = this.current();
    const policy = this.deps.execute.policy;
    const principalId = principal?.id;
    const visible = (id: string) => principalId === undefined || policy?.allows(id, principalId) !== false;
    const operator = principal === undefined || principal.scopes.has("admin") || principal.scopes.has("metrics");
    const servers = () => Object.fromEntries(Object.entries(this.deps.servers()).map(([name, s]) => [name, redactStatus(s)]));
    return {
      node: this.deps.nodeName,
      ...(operator ? { servers: servers(), peers: this.deps.engine.peers().map(redactStatus) } : {}),
      ...(principalId !== undefined && this.deps.members ? { members: this.deps.members(principalId) } : {}),
      tools: snap.ranked.filter((r) => visible(r.id)).map((r) => ({ tool: snap.aliasById.get(r.id) ?? null, id: r.id, host: r.host, stale: r.stale, executable: r.executable, front: r.front })),
    };
  }

  /** A Server for one session (or one stateless request), acting as `principal`. */
  createServer(principal: Principal, track: boolean, scope: ToolScope = WHOLE_FEDERATION): Server {
    const whole = scope === WHOLE_FEDERATION;
    const hosted = whole ? this.deps.content?.instructions() : undefined;
    const server = new Server(
      { name: `mcpfed:${this.deps.nodeName}`, version: this.deps.version },
      {
        capabilities: {
          tools: { listChanged: true },
          logging: {},
          resources: whole ? { subscribe: true, listChanged: true } : {},
          ...(whole ? { prompts: { listChanged: true }, completions: {} } : {}),
        },
        instructions:
          `Tools of the ${this.deps.nodeName} federation node. Use ${SEARCH_TOOL} to find the right tool among many.` +
          (hosted ? `\n\nInstructions of the servers behind this node:\n\n${hosted}` : ""),
      },
    );
    server.setRequestHandler(ListToolsRequestSchema, async () => this.listToolsAs(principal, scope));
    if (track) this.logging.register(server);
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) =>
      this.callTool(request.params.name, (request.params.arguments ?? {}) as Record<string, unknown>, principal, scope, callOptionsOf(server, extra)),
    );
    const directory = {
      resource: { uri: DIRECTORY_URI, name: "federation-directory", mimeType: "application/json", description: "Servers, tools, peers and staleness of this federation node" },
      read: () => ({ contents: [{ uri: DIRECTORY_URI, mimeType: "application/json", text: JSON.stringify(this.directory(principal), null, 2) }] }),
    };
    registerHostedContent(server, whole ? this.deps.content : undefined, [directory], () => requireScope(principal, "discover"), track);
    const content = whole ? this.deps.content : undefined;
    if (track) {
      this.sessions.add(server);
      content?.join(server);
      server.onclose = () => {
        this.sessions.delete(server);
        this.logging.forget(server);
        void content?.leave(server);
      };
    }
    return server;
  }

  /** Hears every (debounced) `tools/list_changed` the sessions get; returns the unsubscribe. */
  onToolListChanged(listener: () => void): () => void {
    this.toolListListeners.add(listener);
    return () => this.toolListListeners.delete(listener);
  }

  /** The registry changed: tell every session (debounced, so a burst sends one notification). */
  registryChanged(): void {
    this.snapshot = undefined;
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      for (const s of this.sessions) {
        s.sendToolListChanged().catch((err: Error) => this.deps.logger.debug({ err: err.message }, "list_changed not delivered"));
      }
      for (const listener of this.toolListListeners) listener();
    }, 100);
    this.notifyTimer.unref();
  }

}

/** A tool that needs task-based execution cannot be called through tools/call: never list it. */
function callable(definition: Tool | undefined): boolean {
  return definition?.execution?.taskSupport !== "required";
}

/**
 * One listed tool: the server's whole definition (title, annotations, outputSchema, execution,
 * icons, _meta) when known, under its alias, with only `_meta["io.mcpfed/..."]` keys added.
 */
function listedTool(entry: RankedTool, alias: string, definition: Tool | undefined): Tool {
  const base: Tool = definition ?? { ...carriedFields(entry), name: alias, description: entry.description, inputSchema: entry.inputSchema as Tool["inputSchema"] };
  return {
    ...base,
    name: alias,
    _meta: { ...base._meta, "io.mcpfed/id": entry.id, ...(entry.host ? { "io.mcpfed/host": entry.host } : {}) },
  };
}

const CARRIED = ["title", "annotations", "outputSchema", "execution", "icons", "_meta"] as const;

/** Definition fields a registry entry may carry (a partner's catalog), passed through as they are. */
function carriedFields(entry: RankedTool): Partial<Tool> {
  const source = entry as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of CARRIED) if (source[key] !== undefined && source[key] !== null) out[key] = source[key];
  return out as Partial<Tool>;
}

function requireScope(principal: Principal, scope: Scope): void {
  if (!principal.scopes.has(scope)) throw new McpError(ErrorCode.InvalidRequest, `this token lacks the ${scope} scope`);
}

import { isServing } from "../hosting/hosted-server-types";
import type { ServerConfig } from "../config/config-schema";
import type { RegistryEntry } from "../engine";
import type { PeerStatus } from "../engine/peer";
import type { ServerStatus } from "../hosting/hosted-server";
import type { CatalogEntry } from "../store/catalog-store";
import { directoryRecord, type MemberRecord, type MemberStatus } from "./member-record";

export type { MemberRecord, MemberStatus } from "./member-record";

/** What a published (registered) member told the node about itself. */
export interface RegisteredMember {
  name: string;
  description: string;
  version: string;
  tags: string[];
  capabilities: string[];
  remote?: { url: string };
}

export interface MemberDirectoryDeps {
  /** The node's published tools (hosted and registered). */
  catalog: { all(): CatalogEntry[] };
  hosted: { status(): Record<string, ServerStatus>; configOf(name: string): ServerConfig | undefined; isConfigured(name: string): boolean };
  registration: { publishedMembers(): RegisteredMember[]; quarantinedTools(name: string): string[]; missedRechecks(name: string): boolean };
  heartbeats: { isStale(name: string): boolean; lastBeat(name: string): number | undefined };
  /** Partners' tools (entries with a host) and the peers they came from. */
  engine: { entries(): RegistryEntry[]; peers(): PeerStatus[] };
  /** Is registry id `id` visible to the caller? (Policy routing; absent: everything.) */
  visible?: (id: string, principalId: string) => boolean;
  /** This node's public base URL (no trailing slash). */
  publicUrl: () => string;
  now?: () => number;
}

/** Filters of GET /directory/search. */
export interface DirectoryFilter {
  tag?: string;
  capability?: string;
}

/**
 * The member directory: one record per server this node knows — its own hosted servers, the
 * registered members it publishes, and each partner's servers from the peers' catalogs — with a
 * truthful status. Built from memory on each call (no I/O), so it can serve REST and MCP alike.
 */
export class MemberDirectory {
  constructor(private readonly deps: MemberDirectoryDeps) {}

  /** Every record the principal may see, sorted by id (byte order). */
  list(principalId: string, filter: DirectoryFilter = {}): MemberRecord[] {
    return this.build(principalId)
      .filter((r) => (filter.tag === undefined || r.tags.includes(filter.tag)) && (filter.capability === undefined || r.capabilities.includes(filter.capability)))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * This node's own members (hosted and registered) that are not active, unfiltered: for /healthz.
   * Anyone may ask /healthz, so partners' servers (every peer's catalog) are never built for it.
   */
  unhealthy(): MemberRecord[] {
    return this.build(undefined, false).filter((r) => r.status !== "active");
  }

  /** One record by id (`server`, or `server@host` for a partner's), if the principal may see it. */
  get(id: string, principalId: string): MemberRecord | undefined {
    return this.build(principalId).find((r) => r.id === id);
  }

  /** Every record; without a principal, unfiltered (operators' views only). */
  private build(principalId: string | undefined, partners = true): MemberRecord[] {
    const { deps } = this;
    const now = (deps.now ?? Date.now)();
    const base = deps.publicUrl();
    const byServer = groupBy(deps.catalog.all(), (e) => e.server);
    const see = this.seeing(principalId);
    const out: MemberRecord[] = [];
    const status = deps.hosted.status();
    for (const [name, s] of Object.entries(status)) {
      if (!deps.hosted.isConfigured(name)) continue;
      const config = deps.hosted.configOf(name);
      const tools = see(byServer.get(name) ?? [], `${name}.*`);
      if (!tools) continue;
      out.push(
        directoryRecord({
          id: name,
          name,
          origin: "hosted",
          host: null,
          description: config?.description ?? "",
          version: tools[0]?.version ?? "",
          tags: config?.tags ?? [],
          capabilities: config?.capabilities ?? [],
          tools,
          endpoints: { mcp: `${base}/mcp/${encodeURIComponent(name)}`, health: `${base}/healthz` },
          status: isServing(s.state) ? "active" : "down",
          lastSeen: s.state === "ready" ? now : parseTime(s.connectedAt),
        }),
      );
    }
    for (const m of deps.registration.publishedMembers()) {
      const tools = see(byServer.get(m.name) ?? [], `${m.name}.*`);
      if (!tools) continue;
      const beat = deps.heartbeats.lastBeat(m.name);
      const remote = m.remote ? status[m.name] : undefined;
      let state: MemberStatus = "active";
      if (m.remote && remote?.state !== "ready") state = "down";
      else if (deps.heartbeats.isStale(m.name) || deps.registration.missedRechecks(m.name)) state = "stale";
      else if (deps.registration.quarantinedTools(m.name).length > 0) state = "quarantined";
      out.push(
        directoryRecord({
          id: m.name,
          name: m.name,
          origin: "registered",
          host: null,
          description: m.description,
          version: m.version,
          tags: m.tags,
          capabilities: m.capabilities,
          tools,
          // a catalog-only member (no remote) is listed but has no MCP endpoint here; a remote's tools
          // are served, governance-filtered, on the aggregated /mcp (/mcp/<name> is only for the operator's servers)
          endpoints: { mcp: m.remote ? `${base}/mcp` : null, health: `${base}/directory/servers/${encodeURIComponent(m.name)}` },
          status: state,
          lastSeen: beat ?? (remote?.state === "ready" ? now : parseTime(remote?.connectedAt ?? null)),
        }),
      );
    }
    if (partners) out.push(...this.partners(now, see));
    return out;
  }

  /** Partners' servers: one record per `server@host`, from the tools of that peer's catalog. */
  private partners(now: number, see: ToolFilter): MemberRecord[] {
    const peers = new Map(this.deps.engine.peers().map((p) => [p.host, p]));
    const byServer = groupBy(
      this.deps.engine.entries().filter((e) => e.host !== null),
      (e) => `${e.name.split(".")[0]}@${e.host}`,
    );
    return [...byServer].flatMap(([id, all]) => {
      const host = all[0].host as string;
      const server = id.slice(0, id.lastIndexOf("@"));
      const tools = see(all.map((t) => ({ ...t, name: t.id })), `${server}.*@${host}`);
      if (!tools) return [];
      const peer = peers.get(host);
      const origin = peer ? publicOrigin(peer.url) : `https://${host}`;
      const state: MemberStatus = peer?.state === "online" ? "active" : peer?.state === "offline" ? "down" : "stale";
      return directoryRecord({
        id,
        name: server,
        origin: "partner",
        host,
        description: "",
        version: tools[0].version,
        tags: [],
        capabilities: [],
        tools,
        endpoints: { mcp: `${origin}/mcp/${encodeURIComponent(server)}`, health: `${origin}/healthz` },
        status: state,
        lastSeen: parseTime(peer?.lastSuccess ?? null) ?? (state === "active" ? now : undefined),
      });
    });
  }

  /**
   * The tools of a server the caller may see; undefined when the server is hidden (it had tools
   * and none is visible; one with none listed — down, stale — is shown as its tools would be).
   * Records are built from these alone, so no tag, capability or version of a hidden tool shows.
   */
  private seeing(principalId: string | undefined): ToolFilter {
    const visible = this.deps.visible;
    return (tools, probe) => {
      if (principalId === undefined || !visible) return tools;
      if (tools.length === 0) return visible(probe, principalId) ? tools : undefined;
      const shown = tools.filter((t) => visible(t.name, principalId));
      return shown.length ? shown : undefined;
    };
  }
}

/** Which of a server's tools (named by registry id) the caller may see; undefined: the server is hidden. */
type ToolFilter = <T extends { name: string }>(tools: T[], probe: string) => T[] | undefined;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function parseTime(iso: string | null): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** A peer's origin and path without credentials, query or fragment (shown to partners). */
function publicOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "";
  }
}

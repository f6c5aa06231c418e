import type { RankedTool } from "../engine";
import type { Manifest } from "../governance/manifest-schema";
import type { GovernanceReport } from "../governance/pipeline";
import type { Submission } from "../store/submissions-store";

/** One server as the official registry API shows it: server.json under `server`, registry facts under `_meta`. */
export interface RegistryEntry {
  server: ServerDetail;
  _meta: Record<string, unknown>;
}

export interface ServerDetail {
  $schema: string;
  name: string;
  description: string;
  version: string;
  title?: string;
  websiteUrl?: string;
  repository?: { url: string; source: string };
  remotes?: { type: "streamable-http" | "sse"; url: string }[];
}

/** Everything the list is built from; kept narrow so the builder stays a pure function. */
export interface RegistrySources {
  /** The node's public base URL (endpoints of hosted servers are given under it). */
  baseUrl: string;
  /** Namespace of the node's own servers' registry names (`<namespace>/<server>`). */
  namespace: string;
  published: readonly Submission<Manifest, GovernanceReport>[];
  /** Operator-configured servers that are running: name, version, description. */
  hosted: readonly { name: string; version: string; description?: string; startedAt: number }[];
  /** The ranked registry (local and partners' tools), for partners' servers and ranking facts. */
  ranked: readonly RankedTool[];
  /** When each partner last synced (host → ISO time). */
  peerSyncedAt: ReadonlyMap<string, string | null>;
  /** Each partner's catalog signature status and trusted key (host → trust). */
  peerTrust?: ReadonlyMap<string, { status: string; key: string | null }>;
  /** Is a governance report signed by this node (trust configured)? */
  signsReports: boolean;
}

export const SERVER_SCHEMA = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";
const OFFICIAL = "io.modelcontextprotocol.registry/official";
/** The official API caps descriptions at 100 characters. */
const cut = (s: string) => (s.length <= 100 ? s : `${s.slice(0, 99)}…`);
const iso = (ms: number) => new Date(ms).toISOString();

/** A reverse-DNS namespace for a host name (`partner.example:8443` → `example.partner`). */
export function namespaceOf(host: string): string {
  const bare = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "").replace(/[^A-Za-z0-9.-]/g, "-");
  // an IP address stays as it is; a DNS name is reversed
  return /^[\d.]+$/.test(bare) || !bare.includes(".") ? bare : bare.split(".").reverse().join(".");
}

/** The server part of a `server.tool` registry name. */
const serverOf = (r: RankedTool) => (r.name.includes(".") ? r.name.slice(0, r.name.indexOf(".")) : r.name);

/** Ranking facts of a server: its tools' best front and their objectives. */
function ranking(ranked: readonly RankedTool[], server: string, host: string | null): Record<string, unknown> {
  const tools = ranked.filter((r) => r.host === host && serverOf(r) === server);
  if (tools.length === 0) return { tools: 0 };
  const best = tools.reduce((a, b) => (b.front < a.front ? b : a));
  return { tools: tools.length, bestFront: best.front, objectives: best.objectives };
}

/** Every server the node knows, local and partners', as registry entries (unsorted). */
export function registryEntries(src: RegistrySources): RegistryEntry[] {
  const out: RegistryEntry[] = [];
  for (const sub of src.published) {
    const m = sub.manifest;
    const server: ServerDetail = {
      $schema: SERVER_SCHEMA,
      name: m.registryName ?? `${src.namespace}/${m.name}`,
      description: cut(m.description),
      version: m.version,
      ...(m.title ? { title: m.title } : {}),
      ...(m.websiteUrl ? { websiteUrl: m.websiteUrl } : {}),
      ...(m.source_repo ? { repository: { url: m.source_repo, source: /github\.com/.test(m.source_repo) ? "github" : "git" } } : {}),
      ...(m.remote ? { remotes: [{ type: "streamable-http" as const, url: m.remote.url }] } : {}),
    };
    out.push({
      server,
      _meta: {
        [OFFICIAL]: { status: "active", publishedAt: iso(sub.createdAt), updatedAt: iso(sub.createdAt), isLatest: true },
        "io.mcpfed/server": m.name,
        "io.mcpfed/governance": { decision: sub.report.decision, checkedAt: sub.report.createdAt, report: `${src.baseUrl}/register/${encodeURIComponent(m.name)}`, findings: sub.report.findings.length },
        "io.mcpfed/signature": { report: src.signsReports ? "signed" : "unsigned" },
        "io.mcpfed/ranking": ranking(src.ranked, m.name, null),
      },
    });
  }
  for (const h of src.hosted) {
    out.push({
      server: {
        $schema: SERVER_SCHEMA,
        name: `${src.namespace}/${h.name}`,
        description: cut(h.description ?? `${h.name}, hosted by this node`),
        version: h.version,
        remotes: [{ type: "streamable-http", url: `${src.baseUrl}/mcp/${h.name}` }],
      },
      _meta: {
        [OFFICIAL]: { status: "active", publishedAt: iso(h.startedAt), updatedAt: iso(h.startedAt), isLatest: true },
        "io.mcpfed/server": h.name,
        "io.mcpfed/governance": { decision: "operator", detail: "configured by the node's operator" },
        "io.mcpfed/ranking": ranking(src.ranked, h.name, null),
      },
    });
  }
  const partners = new Map<string, RankedTool>();
  for (const r of src.ranked) if (r.host && !partners.has(`${r.host} ${serverOf(r)}`)) partners.set(`${r.host} ${serverOf(r)}`, r);
  for (const r of partners.values()) {
    const host = r.host as string;
    const server = serverOf(r);
    const synced = src.peerSyncedAt.get(host) ?? null;
    out.push({
      server: { $schema: SERVER_SCHEMA, name: `${namespaceOf(host)}/${server}`, description: cut(`${server}, served by the partner ${host}`), version: r.version || "0.0.0" },
      _meta: {
        [OFFICIAL]: { status: r.stale ? "deprecated" : "active", ...(synced ? { publishedAt: synced, updatedAt: synced } : {}), isLatest: true },
        "io.mcpfed/server": server,
        "io.mcpfed/host": host,
        "io.mcpfed/governance": { decision: "partner", detail: "screened by this node's description checks before listing", ...(r.governance ? { publisher: r.governance } : {}) },
        "io.mcpfed/signature": { catalog: src.peerTrust?.get(host)?.status ?? "unsigned", key: src.peerTrust?.get(host)?.key ?? null },
        "io.mcpfed/ranking": ranking(src.ranked, server, host),
      },
    });
  }
  return out;
}

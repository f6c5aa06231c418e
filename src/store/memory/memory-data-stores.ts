import type { AuditEntry, AuditEvent } from "../audit-store";
import type { CatalogEntry } from "../catalog-store";
import type { StoredPeer } from "../peers-store";
import type { PerformanceRecord, RecordQuery } from "../records-store";
import type { Submission } from "../submissions-store";
import type { AuditPort, CatalogPort, PeersPort, RecordsPort, SubmissionsPort, ToolPin } from "../ports";

/*
 * In-memory fakes of the data stores, for fast service tests. They keep the same contract as the
 * database adapters (test/store/contract runs against all of them), and copy values in and out
 * so a caller cannot change stored data by mutating an object it passed or received.
 */

const copy = <T>(value: T): T => structuredClone(value);
const byteOrder = (a: string, b: string) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.from(a) > Buffer.from(b) ? 1 : 0);

export class MemoryCatalogStore implements CatalogPort {
  private readonly entries = new Map<string, CatalogEntry>();

  async all(): Promise<CatalogEntry[]> {
    return [...this.entries.values()].sort((a, b) => byteOrder(a.name, b.name)).map(copy);
  }

  async replaceServer(server: string, entries: readonly CatalogEntry[]): Promise<void> {
    for (const [name, e] of this.entries) if (e.server === server) this.entries.delete(name);
    for (const e of entries) this.entries.set(e.name, copy(e));
  }

  async retainHostedServers(names: readonly string[]): Promise<void> {
    const keep = new Set(names);
    for (const [name, e] of this.entries) if (e.origin === "hosted" && !keep.has(e.server)) this.entries.delete(name);
  }
}

export class MemorySubmissionsStore implements SubmissionsPort {
  private readonly rows: Submission[] = [];
  private readonly pinsByServer = new Map<string, Map<string, string>>();

  async record(sub: Submission, pins: readonly ToolPin[] = []): Promise<void> {
    if (sub.status === "published") {
      for (const r of this.rows) if (r.name === sub.name && r.status === "published") r.status = "superseded";
      this.pinsByServer.set(sub.name, new Map(pins.map((p) => [p.tool, p.sha256])));
    }
    this.rows.push(copy(sub));
  }

  async latest<M, R>(name: string): Promise<Submission<M, R> | undefined> {
    const row = this.rows.findLast((r) => r.name === name);
    return row ? (copy(row) as Submission<M, R>) : undefined;
  }

  async published<M, R>(name: string): Promise<Submission<M, R> | undefined> {
    const row = this.rows.findLast((r) => r.name === name && r.status === "published");
    return row ? (copy(row) as Submission<M, R>) : undefined;
  }

  async allPublished<M, R>(): Promise<Submission<M, R>[]> {
    return this.rows.filter((r) => r.status === "published").map((r) => copy(r) as Submission<M, R>);
  }

  async versionPublished(name: string, version: string): Promise<boolean> {
    return this.rows.some((r) => r.name === name && r.version === version && (r.status === "published" || r.status === "superseded"));
  }

  async owner(name: string): Promise<string | undefined> {
    return this.rows.find((r) => r.name === name && r.status !== "rejected")?.owner;
  }

  async unpublish(name: string): Promise<boolean> {
    let changed = false;
    for (const r of this.rows) {
      if (r.name === name && r.status === "published") {
        r.status = "unpublished";
        changed = true;
      }
    }
    this.pinsByServer.delete(name);
    return changed;
  }

  async count(): Promise<number> {
    return this.rows.length;
  }

  async pins(server: string): Promise<Map<string, string>> {
    return new Map(this.pinsByServer.get(server) ?? []);
  }
}

export class MemoryRecordsStore implements RecordsPort {
  private readonly rows: PerformanceRecord[] = [];

  async add(record: PerformanceRecord): Promise<void> {
    this.rows.push(checked(record));
  }

  async addBatch(records: readonly PerformanceRecord[]): Promise<void> {
    const rows = records.map(checked);
    this.rows.push(...rows);
  }

  async flush(): Promise<void> {}

  async list(query: RecordQuery): Promise<PerformanceRecord[]> {
    const out: PerformanceRecord[] = [];
    // newest first: by ts, then by insertion order (the array is in insertion order)
    const order = this.rows.map((r, i) => ({ r, i })).sort((a, b) => b.r.ts - a.r.ts || b.i - a.i);
    for (const { r } of order) {
      if (out.length >= query.limit) break;
      if (query.since !== undefined && r.ts < query.since) continue;
      if (query.mcpName !== undefined && r.mcp_name !== query.mcpName) continue;
      out.push(copy(r));
    }
    return out;
  }

  async count(): Promise<number> {
    return this.rows.length;
  }
}

/** The databases refuse a record without its required fields; so does the fake. */
function checked(r: PerformanceRecord): PerformanceRecord {
  if (typeof r.mcp_name !== "string" || typeof r.success !== "boolean" || !Number.isFinite(r.latency_ms) || !Number.isFinite(r.ts) || typeof r.source !== "string") {
    throw new TypeError("invalid performance record");
  }
  return copy(r);
}

export class MemoryAuditStore implements AuditPort {
  private readonly rows: AuditEntry[] = [];
  private readonly times: number[] = [];

  async add(event: AuditEvent, now = Date.now()): Promise<void> {
    const entry: AuditEntry = { ...event, target: event.target.slice(0, 300), ts: new Date(now).toISOString(), detail: event.detail?.slice(0, 1000) };
    if (entry.detail === undefined) delete entry.detail;
    this.rows.push(entry);
    this.times.push(now);
  }

  async list(query: { limit: number; action?: string; since?: number }): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (let i = this.rows.length - 1; i >= 0 && out.length < query.limit; i--) {
      if (query.action && this.rows[i].action !== query.action) continue;
      if (query.since !== undefined && this.times[i] < query.since) continue;
      out.push(copy(this.rows[i]));
    }
    return out;
  }
}

export class MemoryPeersStore implements PeersPort {
  private readonly peers = new Map<string, { peer: StoredPeer; addedAt: number }>();

  async all(): Promise<StoredPeer[]> {
    return [...this.peers.values()].sort((a, b) => a.addedAt - b.addedAt || byteOrder(a.peer.url, b.peer.url)).map((p) => copy(p.peer));
  }

  async save(peer: StoredPeer, now = Date.now()): Promise<void> {
    const addedAt = this.peers.get(peer.url)?.addedAt ?? now;
    this.peers.set(peer.url, { peer: peer.token ? { url: peer.url, token: peer.token } : { url: peer.url }, addedAt });
  }

  async remove(url: string): Promise<boolean> {
    return this.peers.delete(url);
  }
}

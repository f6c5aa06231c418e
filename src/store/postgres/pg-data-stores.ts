import type { Pool } from "pg";
import type { AuditEntry, AuditEvent } from "../audit-store";
import { catalogEntryFromRow, type CatalogEntry, type CatalogRow } from "../catalog-store";
import type { StoredPeer } from "../peers-store";
import type { AuditPort, CatalogPort, PeersPort, SubmissionsPort, ToolPin } from "../ports";
import { submissionFromRow, type Submission, type SubmissionRow, type SubmissionStatus } from "../submissions-store";
import { notifyChange } from "./pg-change-feed";
import { inTransaction } from "./pg-pool";

/** Keyspace of the per-name transaction locks of submissions (first half of the two-int key). */
const SUBMISSION_LOCK_SPACE = 0x6d63;


/** Each write announces itself to the other replicas (`origin`: this replica's id). */
export class PgCatalogStore implements CatalogPort {
  constructor(
    private readonly pool: Pool,
    private readonly origin: string,
  ) {}

  async all(): Promise<CatalogEntry[]> {
    return (await this.pool.query<CatalogRow>("SELECT * FROM catalog ORDER BY name")).rows.map(catalogEntryFromRow);
  }

  async replaceServer(server: string, entries: readonly CatalogEntry[]): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query("DELETE FROM catalog WHERE server = $1", [server]);
      await notifyChange(c, this.origin, { topic: "catalog", server });
      if (entries.length === 0) return;
      await c.query(
        `INSERT INTO catalog (name, server, origin, description, version, tags, capabilities, input_schema,
           executable, definition_sha256, updated_at, definition)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::boolean[], $10::text[], $11::int8[], $12::text[])
         ON CONFLICT (name) DO UPDATE SET server = excluded.server, origin = excluded.origin,
           description = excluded.description, version = excluded.version, tags = excluded.tags,
           capabilities = excluded.capabilities, input_schema = excluded.input_schema,
           executable = excluded.executable, definition_sha256 = excluded.definition_sha256,
           updated_at = excluded.updated_at, definition = excluded.definition`,
        [
          entries.map((e) => e.name),
          entries.map((e) => e.server),
          entries.map((e) => e.origin),
          entries.map((e) => e.description),
          entries.map((e) => e.version),
          entries.map((e) => JSON.stringify(e.tags)),
          entries.map((e) => JSON.stringify(e.capabilities)),
          entries.map((e) => JSON.stringify(e.inputSchema)),
          entries.map((e) => e.executable),
          entries.map((e) => e.definitionSha256),
          entries.map((e) => e.updatedAt),
          entries.map((e) => (e.definition === undefined ? null : JSON.stringify(e.definition))),
        ],
      );
    });
  }

  async retainHostedServers(names: readonly string[]): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      const { rows } = await c.query<{ server: string }>("DELETE FROM catalog WHERE origin = 'hosted' AND NOT (server = ANY($1::text[])) RETURNING server", [[...names]]);
      for (const server of new Set(rows.map((r) => r.server))) await notifyChange(c, this.origin, { topic: "catalog", server });
    });
  }
}


export class PgSubmissionsStore implements SubmissionsPort {
  constructor(
    private readonly pool: Pool,
    private readonly origin: string,
  ) {}

  async record(sub: Submission, pins: readonly ToolPin[] = []): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      // replicas publishing the same name at once take turns, so exactly one version stays published
      await c.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [SUBMISSION_LOCK_SPACE, sub.name]);
      if (sub.status === "published") {
        await c.query("UPDATE submissions SET status = 'superseded' WHERE name = $1 AND status = 'published'", [sub.name]);
        await c.query("DELETE FROM tool_pins WHERE server = $1", [sub.name]);
        if (pins.length > 0) {
          await c.query("INSERT INTO tool_pins (server, tool, sha256) SELECT $1, * FROM unnest($2::text[], $3::text[])", [
            sub.name,
            pins.map((p) => p.tool),
            pins.map((p) => p.sha256),
          ]);
        }
      }
      await c.query("INSERT INTO submissions (name, version, owner, status, manifest, report, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
        sub.name,
        sub.version,
        sub.owner,
        sub.status,
        JSON.stringify(sub.manifest),
        JSON.stringify(sub.report),
        sub.createdAt,
      ]);
      if (sub.status === "published") await notifyChange(c, this.origin, { topic: "submissions", name: sub.name });
    });
  }

  async latest<M, R>(name: string): Promise<Submission<M, R> | undefined> {
    const { rows } = await this.pool.query<SubmissionRow>("SELECT * FROM submissions WHERE name = $1 ORDER BY id DESC LIMIT 1", [name]);
    return rows[0] ? submissionFromRow<M, R>(rows[0]) : undefined;
  }

  async published<M, R>(name: string): Promise<Submission<M, R> | undefined> {
    const { rows } = await this.pool.query<SubmissionRow>("SELECT * FROM submissions WHERE name = $1 AND status = 'published' ORDER BY id DESC LIMIT 1", [name]);
    return rows[0] ? submissionFromRow<M, R>(rows[0]) : undefined;
  }

  async allPublished<M, R>(): Promise<Submission<M, R>[]> {
    return (await this.pool.query<SubmissionRow>("SELECT * FROM submissions WHERE status = 'published' ORDER BY id")).rows.map((r) => submissionFromRow<M, R>(r));
  }

  async versionPublished(name: string, version: string): Promise<boolean> {
    const { rowCount } = await this.pool.query("SELECT 1 FROM submissions WHERE name = $1 AND version = $2 AND status IN ('published', 'superseded') LIMIT 1", [name, version]);
    return (rowCount ?? 0) > 0;
  }

  async owner(name: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ owner: string }>(
      "SELECT owner FROM submissions WHERE name = $1 AND status IN ('published', 'superseded', 'unpublished') ORDER BY id LIMIT 1",
      [name],
    );
    return rows[0]?.owner;
  }

  async unpublish(name: string): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [SUBMISSION_LOCK_SPACE, name]);
      const { rowCount } = await c.query("UPDATE submissions SET status = 'unpublished' WHERE name = $1 AND status = 'published'", [name]);
      await c.query("DELETE FROM tool_pins WHERE server = $1", [name]);
      if ((rowCount ?? 0) > 0) await notifyChange(c, this.origin, { topic: "submissions", name });
      return (rowCount ?? 0) > 0;
    });
  }

  async count(): Promise<number> {
    return (await this.pool.query<{ n: number }>("SELECT count(*) AS n FROM submissions")).rows[0].n;
  }

  async pins(server: string): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<ToolPin>("SELECT tool, sha256 FROM tool_pins WHERE server = $1", [server]);
    return new Map(rows.map((r) => [r.tool, r.sha256]));
  }
}

export class PgAuditStore implements AuditPort {
  constructor(private readonly pool: Pool) {}

  async add(event: AuditEvent, now = Date.now()): Promise<void> {
    await this.pool.query("INSERT INTO audit (ts, actor, action, target, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6)", [
      now,
      event.actor,
      event.action,
      event.target.slice(0, 300),
      event.outcome,
      event.detail?.slice(0, 1000) ?? null,
    ]);
  }

  async list(query: { limit: number; action?: string; since?: number }): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<{ ts: number; actor: string; action: string; target: string; outcome: string; detail: string | null }>(
      `SELECT ts, actor, action, target, outcome, detail FROM audit
       WHERE ($2::text IS NULL OR action = $2) AND ($3::bigint IS NULL OR ts >= $3) ORDER BY id DESC LIMIT $1`,
      [query.limit, query.action || null, query.since ?? null],
    );
    return rows.map(({ detail, ...r }) => (detail === null ? { ...r, ts: new Date(r.ts).toISOString() } : { ...r, detail, ts: new Date(r.ts).toISOString() }));
  }
}

export class PgPeersStore implements PeersPort {
  constructor(
    private readonly pool: Pool,
    private readonly origin: string,
  ) {}

  async all(): Promise<StoredPeer[]> {
    const { rows } = await this.pool.query<{ url: string; token: string | null }>("SELECT url, token FROM peers ORDER BY added_at, url");
    return rows.map((r) => (r.token ? { url: r.url, token: r.token } : { url: r.url }));
  }

  async save(peer: StoredPeer): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query("INSERT INTO peers (url, token, added_at) VALUES ($1, $2, $3) ON CONFLICT (url) DO UPDATE SET token = excluded.token", [
        peer.url,
        peer.token ?? null,
        Date.now(),
      ]);
      await notifyChange(c, this.origin, { topic: "peers" });
    });
  }

  async remove(url: string): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      const removed = ((await c.query("DELETE FROM peers WHERE url = $1", [url])).rowCount ?? 0) > 0;
      if (removed) await notifyChange(c, this.origin, { topic: "peers" });
      return removed;
    });
  }
}

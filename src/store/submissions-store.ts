import type { Db } from "./database";

export type SubmissionStatus = "published" | "rejected" | "unpublished" | "superseded";

export interface Submission<M = unknown, R = unknown> {
  name: string;
  version: string;
  owner: string;
  status: SubmissionStatus;
  manifest: M;
  report: R;
  createdAt: number;
}

/** A submission row as SQLite and PostgreSQL return it. */
export interface SubmissionRow {
  name: string;
  version: string;
  owner: string;
  status: string;
  manifest: string;
  report: string;
  created_at: number;
}

/** A submission from its row (both adapters). */
export function submissionFromRow<M, R>(r: SubmissionRow): Submission<M, R> {
  return {
    name: r.name,
    version: r.version,
    owner: r.owner,
    status: r.status as SubmissionStatus,
    manifest: JSON.parse(r.manifest) as M,
    report: JSON.parse(r.report) as R,
    createdAt: r.created_at,
  };
}

/** Every governance decision (published or rejected) and the pins of published tools. */
export class SubmissionsStore {
  constructor(private readonly db: Db) {}

  /** Stores a decision; a publication supersedes the name's earlier published version and pins its tools. */
  record(sub: Submission, pins: readonly { tool: string; sha256: string }[] = []): void {
    this.db.transaction(() => {
      if (sub.status === "published") {
        this.db.prepare("UPDATE submissions SET status = 'superseded' WHERE name = ? AND status = 'published'").run(sub.name);
        this.db.prepare("DELETE FROM tool_pins WHERE server = ?").run(sub.name);
        const pin = this.db.prepare("INSERT INTO tool_pins (server, tool, sha256) VALUES (?, ?, ?)");
        for (const p of pins) pin.run(sub.name, p.tool, p.sha256);
      }
      this.db
        .prepare("INSERT INTO submissions (name, version, owner, status, manifest, report, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .run(sub.name, sub.version, sub.owner, sub.status, JSON.stringify(sub.manifest), JSON.stringify(sub.report), sub.createdAt);
    })();
  }

  /** The newest decision for a name, whatever it was. */
  latest<M, R>(name: string): Submission<M, R> | undefined {
    const row = this.db.prepare("SELECT * FROM submissions WHERE name = ? ORDER BY id DESC LIMIT 1").get(name) as SubmissionRow | undefined;
    return row ? submissionFromRow<M, R>(row) : undefined;
  }

  /** The version currently published under a name. */
  published<M, R>(name: string): Submission<M, R> | undefined {
    const row = this.db.prepare("SELECT * FROM submissions WHERE name = ? AND status = 'published' ORDER BY id DESC LIMIT 1").get(name) as SubmissionRow | undefined;
    return row ? submissionFromRow<M, R>(row) : undefined;
  }

  allPublished<M, R>(): Submission<M, R>[] {
    return (this.db.prepare("SELECT * FROM submissions WHERE status = 'published' ORDER BY id").all() as SubmissionRow[]).map((r) => submissionFromRow<M, R>(r));
  }

  /** Was this exact version ever published (now or before)? */
  versionPublished(name: string, version: string): boolean {
    return (
      this.db.prepare("SELECT 1 FROM submissions WHERE name = ? AND version = ? AND status IN ('published', 'superseded')").get(name, version) !== undefined
    );
  }

  /** The organization that first published the name, if any. */
  owner(name: string): string | undefined {
    const row = this.db
      .prepare("SELECT owner FROM submissions WHERE name = ? AND status IN ('published', 'superseded', 'unpublished') ORDER BY id LIMIT 1")
      .get(name) as { owner: string } | undefined;
    return row?.owner;
  }

  unpublish(name: string): boolean {
    return this.db.transaction(() => {
      const changed = this.db.prepare("UPDATE submissions SET status = 'unpublished' WHERE name = ? AND status = 'published'").run(name).changes;
      this.db.prepare("DELETE FROM tool_pins WHERE server = ?").run(name);
      return changed > 0;
    })();
  }

  count(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM submissions").get() as { n: number }).n;
  }

  pins(server: string): Map<string, string> {
    const rows = this.db.prepare("SELECT tool, sha256 FROM tool_pins WHERE server = ?").all(server) as { tool: string; sha256: string }[];
    return new Map(rows.map((r) => [r.tool, r.sha256]));
  }
}

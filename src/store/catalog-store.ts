import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Db } from "./database";

/** A published tool as the catalog keeps it. */
export interface CatalogEntry {
  /** `server.tool` */
  name: string;
  server: string;
  /** `hosted` for the operator's own servers; `registered` for partner submissions. */
  origin: "hosted" | "registered";
  description: string;
  version: string;
  tags: string[];
  capabilities: string[];
  inputSchema: Record<string, unknown>;
  executable: boolean;
  /** sha256 of the tool's canonical definition, to notice changes. */
  definitionSha256: string;
  updatedAt: number;
  /**
   * The tool exactly as its server listed it (its own name; title, annotations, outputSchema,
   * execution, icons and _meta untouched), for MCP endpoints to serve unchanged. Absent for
   * catalog-only entries and for entries stored before it was kept.
   */
  definition?: Tool;
}

/** A catalog row as SQLite and PostgreSQL return it (`executable`: 0/1 or a boolean). */
export interface CatalogRow {
  name: string;
  server: string;
  origin: string;
  description: string;
  version: string;
  tags: string;
  capabilities: string;
  input_schema: string;
  executable: number | boolean;
  definition_sha256: string;
  updated_at: number;
  definition: string | null;
}

/** The catalog of published tools in SQLite. */
export class CatalogStore {
  private readonly upsertStmt;
  private readonly deleteServerStmt;
  private readonly replaceTx;

  constructor(private readonly db: Db) {
    this.upsertStmt = db.prepare(
      `INSERT INTO catalog (name, server, origin, description, version, tags, capabilities, input_schema,
         executable, definition_sha256, updated_at, definition)
       VALUES (@name, @server, @origin, @description, @version, @tags, @capabilities, @input_schema,
         @executable, @definition_sha256, @updated_at, @definition)
       ON CONFLICT (name) DO UPDATE SET server = excluded.server, origin = excluded.origin,
         description = excluded.description, version = excluded.version, tags = excluded.tags,
         capabilities = excluded.capabilities, input_schema = excluded.input_schema,
         executable = excluded.executable, definition_sha256 = excluded.definition_sha256,
         updated_at = excluded.updated_at, definition = excluded.definition`,
    );
    this.deleteServerStmt = db.prepare("DELETE FROM catalog WHERE server = ?");
    this.replaceTx = db.transaction((server: string, entries: readonly CatalogEntry[]) => {
      this.deleteServerStmt.run(server);
      for (const e of entries) this.upsertStmt.run(toRow(e));
    });
  }

  all(): CatalogEntry[] {
    return (this.db.prepare("SELECT * FROM catalog ORDER BY name").all() as CatalogRow[]).map(catalogEntryFromRow);
  }

  /** Replaces every entry of one server at once. */
  replaceServer(server: string, entries: readonly CatalogEntry[]): void {
    this.replaceTx(server, entries);
  }

  /** Removes the entries of hosted servers that are no longer configured. */
  retainHostedServers(names: readonly string[]): void {
    const keep = new Set(names);
    const servers = this.db.prepare("SELECT DISTINCT server FROM catalog WHERE origin = 'hosted'").all() as {
      server: string;
    }[];
    for (const { server } of servers) if (!keep.has(server)) this.deleteServerStmt.run(server);
  }
}

function toRow(e: CatalogEntry): CatalogRow {
  return {
    name: e.name,
    server: e.server,
    origin: e.origin,
    description: e.description,
    version: e.version,
    tags: JSON.stringify(e.tags),
    capabilities: JSON.stringify(e.capabilities),
    input_schema: JSON.stringify(e.inputSchema),
    executable: e.executable ? 1 : 0,
    definition_sha256: e.definitionSha256,
    updated_at: e.updatedAt,
    definition: e.definition === undefined ? null : JSON.stringify(e.definition),
  };
}

/** A catalog entry from its row (both adapters). */
export function catalogEntryFromRow(r: CatalogRow): CatalogEntry {
  return {
    name: r.name,
    server: r.server,
    origin: r.origin === "registered" ? "registered" : "hosted",
    description: r.description,
    version: r.version,
    tags: JSON.parse(r.tags) as string[],
    capabilities: JSON.parse(r.capabilities) as string[],
    inputSchema: JSON.parse(r.input_schema) as Record<string, unknown>,
    executable: r.executable === 1 || r.executable === true,
    definitionSha256: r.definition_sha256,
    updatedAt: r.updated_at,
    ...(r.definition ? { definition: JSON.parse(r.definition) as Tool } : {}),
  };
}

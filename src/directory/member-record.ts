import { z } from "zod";

export const MEMBER_STATUSES = ["active", "stale", "quarantined", "down"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** One server of the directory, as `GET /directory/servers` and the MCP resource show it. */
export const MemberRecordSchema = z.object({
  /** The server's name here; `server@host` for a partner's. */
  id: z.string(),
  name: z.string(),
  /** `hosted`: the operator's; `registered`: a member published through /register; `partner`: a peer's. */
  origin: z.enum(["hosted", "registered", "partner"]),
  /** The partner node's host; null for this node's own servers. */
  host: z.string().nullable(),
  description: z.string(),
  version: z.string(),
  /** The server's declared tags and capabilities, plus those of its tools. */
  tags: z.array(z.string()),
  capabilities: z.array(z.string()),
  endpoints: z.object({ mcp: z.string().nullable(), health: z.string() }),
  status: z.enum(MEMBER_STATUSES),
  /** Registry ids of the tools the caller may see. */
  tools: z.array(z.string()),
  /** ISO 8601: the last time the node knew the server alive (a heartbeat, a connection, a sync). */
  lastSeen: z.string().nullable(),
});
export type MemberRecord = z.infer<typeof MemberRecordSchema>;

/** The parts a record is built from. */
export interface RecordParts extends Omit<MemberRecord, "tools" | "lastSeen" | "tags" | "capabilities"> {
  tags: readonly string[];
  capabilities: readonly string[];
  tools: readonly { name: string; tags: readonly string[]; capabilities: readonly string[] }[];
  lastSeen: number | undefined;
}

/** A record: tags and capabilities merged with its tools', sorted and unique; times as ISO 8601. */
export function directoryRecord(p: RecordParts): MemberRecord {
  const union = (own: readonly string[], pick: (t: RecordParts["tools"][number]) => readonly string[]) => [...new Set([...own, ...p.tools.flatMap(pick)])].sort();
  return {
    id: p.id,
    name: p.name,
    origin: p.origin,
    host: p.host,
    description: p.description,
    version: p.version,
    tags: union(p.tags, (t) => t.tags),
    capabilities: union(p.capabilities, (t) => t.capabilities),
    endpoints: p.endpoints,
    status: p.status,
    tools: p.tools.map((t) => t.name).sort(),
    lastSeen: p.lastSeen === undefined ? null : new Date(p.lastSeen).toISOString(),
  };
}

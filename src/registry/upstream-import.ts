import { readFileSync, statSync } from "node:fs";
import { readResponseBounded } from "../net/bounded-body";

/** A server.json as an upstream registry lists it (only what the import reads is typed). */
export interface UpstreamServer {
  name?: unknown;
  version?: unknown;
  remotes?: unknown;
  repository?: unknown;
  packages?: unknown;
  [key: string]: unknown;
}

interface UpstreamEntry {
  server: UpstreamServer;
  status?: string;
}

export interface ReadOptions {
  /** Only servers updated since (the registry's `updated_since`). */
  updatedSince?: Date;
  timeoutMs?: number;
  /** Largest page (or file) read, in bytes (default 8 MiB). */
  maxBytes?: number;
  /** Most pages read from one registry (default 100). */
  maxPages?: number;
}

/** What one submission through the node's governance answered. */
export interface SubmitOutcome {
  status: number;
  body: unknown;
}

export interface ImportReport {
  published: { name: string; version: string }[];
  rejected: { name: string; version: string; reasons: string[] }[];
  skipped: { name: string; version: string; reason: string }[];
}

const MAX_BYTES = 8 * 1024 * 1024;

/** The entries of a ServerList, an array of entries or server.json documents, or one server.json. */
function entriesOf(doc: unknown): UpstreamEntry[] {
  const list = Array.isArray(doc) ? doc : doc !== null && typeof doc === "object" && Array.isArray((doc as { servers?: unknown }).servers) ? (doc as { servers: unknown[] }).servers : [doc];
  return list.flatMap((item): UpstreamEntry[] => {
    if (item === null || typeof item !== "object") return [];
    const wrapped = (item as { server?: unknown }).server;
    const server = (wrapped !== null && typeof wrapped === "object" ? wrapped : item) as UpstreamServer;
    const official = (item as { _meta?: Record<string, { status?: string }> })._meta?.["io.modelcontextprotocol.registry/official"];
    return [{ server, ...(official?.status ? { status: official.status } : {}) }];
  });
}

/**
 * Reads the servers of an upstream registry API (`<url>/v0.1/servers`, every page, `version=latest`)
 * or of a file (a ServerList, an array, or one server.json). Each request is bounded in time and size.
 */
export async function readUpstream(source: string, options: ReadOptions = {}): Promise<UpstreamEntry[]> {
  const maxBytes = options.maxBytes ?? MAX_BYTES;
  if (!/^https?:\/\//i.test(source)) {
    if (statSync(source).size > maxBytes) throw new Error(`${source} is larger than ${maxBytes} bytes`);
    return entriesOf(JSON.parse(readFileSync(source, "utf8")));
  }
  const base = source.replace(/\/+$/, "").replace(/\/v0(\.1)?\/servers$/, "");
  const out: UpstreamEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < (options.maxPages ?? 100); page++) {
    const url = new URL(`${base}/v0.1/servers`);
    url.searchParams.set("limit", "100");
    url.searchParams.set("version", "latest");
    if (options.updatedSince) url.searchParams.set("updated_since", options.updatedSince.toISOString());
    if (cursor) url.searchParams.set("cursor", cursor);
    const res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 15_000), headers: { accept: "application/json" }, redirect: "error" });
    if (res.status !== 200) throw new Error(`${url.origin} answered ${res.status}`);
    const doc = JSON.parse((await readResponseBounded(res, maxBytes, url.origin)).toString("utf8")) as { metadata?: { nextCursor?: unknown } };
    out.push(...entriesOf(doc));
    cursor = typeof doc.metadata?.nextCursor === "string" && doc.metadata.nextCursor ? doc.metadata.nextCursor : undefined;
    if (!cursor) break;
  }
  return out;
}

const text = (v: unknown) => (typeof v === "string" ? v : "?");

/** Why an entry is not submitted at all, if it is not. */
function skipReason(e: UpstreamEntry): string | undefined {
  if (e.status === "deleted") return "deleted upstream";
  if (typeof e.server.name !== "string" || typeof e.server.version !== "string") return "not a server.json (no name or version)";
  const remotes = Array.isArray(e.server.remotes) ? e.server.remotes : [];
  const hasRemote = remotes.some((r) => (r as { type?: unknown }).type === "streamable-http");
  const hasRepo = typeof (e.server.repository as { url?: unknown } | undefined)?.url === "string";
  if (!hasRemote && !hasRepo) return "offers neither a streamable-http remote nor a repository (packages are not installed by this node)";
  return undefined;
}

/** Reasons a governance answer gives (a rejection's report, or a problem's detail). */
function reasonsOf(body: unknown): string[] {
  const b = body as { report?: { reasons?: unknown }; detail?: unknown; errors?: { path?: string; message?: string }[] } | undefined;
  if (Array.isArray(b?.report?.reasons)) return b.report.reasons.map(String);
  if (Array.isArray(b?.errors)) return b.errors.map((e) => `${e.path ?? ""}: ${e.message ?? ""}`);
  return [typeof b?.detail === "string" ? b.detail : "refused"];
}

/**
 * Submits each server through the node's governance, one at a time, and reports what was
 * published, what governance rejected and what was skipped (and why). An entry whose version is
 * already published (409, or 200 when identical) is skipped.
 */
export async function importServers(entries: readonly UpstreamEntry[], submit: (server: UpstreamServer) => Promise<SubmitOutcome>): Promise<ImportReport> {
  const report: ImportReport = { published: [], rejected: [], skipped: [] };
  for (const e of entries) {
    const id = { name: text(e.server.name), version: text(e.server.version) };
    const skip = skipReason(e);
    if (skip) {
      report.skipped.push({ ...id, reason: skip });
      continue;
    }
    let outcome: SubmitOutcome;
    try {
      outcome = await submit(e.server);
    } catch (err) {
      report.rejected.push({ ...id, reasons: [`not submitted: ${(err as Error).message}`] });
      continue;
    }
    if (outcome.status === 201) report.published.push(id);
    // 200: the node already publishes this very version and manifest (an idempotent re-registration)
    else if (outcome.status === 409 || outcome.status === 200) report.skipped.push({ ...id, reason: "this version is already published" });
    else report.rejected.push({ ...id, reasons: reasonsOf(outcome.body) });
  }
  return report;
}

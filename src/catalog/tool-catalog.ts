import { createHash } from "node:crypto";
import type { CatalogEntry } from "../store/catalog-store";
import type { CatalogPort } from "../store/ports";
import type { ArgumentsValidator, SchemaValidators } from "./schema-validator";

/** A catalog entry with what the execute path needs ready: the validator and property order. */
export interface PublishedTool {
  entry: CatalogEntry;
  /** The server's own name of the tool (after `server.`). */
  toolName: string;
  validate: ArgumentsValidator | undefined;
  /** Property names in schema order, for mapping positional args. */
  argOrder: string[];
}

export interface DiscoverFilter {
  q?: string;
  tag?: string;
  capability?: string;
  limit: number;
}

/** The definition fields that matter for change detection, in a canonical key order. */
export function definitionSha256(def: { name: string; description: string; inputSchema: unknown }): string {
  return createHash("sha256").update(canonicalJson(def)).digest("hex");
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The published tools, kept in memory for the hot paths (/discover, /execute) and persisted
 * through the catalog store. `revision` changes whenever the content does; it backs ETags.
 *
 * The memory is this process's view and changes at once; the store is its durable copy, written
 * behind it in call order (one write at a time). The store is not the source of truth of any
 * entry: hosted servers re-list their tools and published submissions are re-published at every
 * start, so a failed write is reported to `onPersistError` and never fails the caller. The
 * promises of `replaceServer` and `retainHostedServers` resolve once the write is done.
 */
export class ToolCatalog {
  private readonly tools = new Map<string, PublishedTool>();
  private sorted: PublishedTool[] = [];
  private rev = 0;
  private readonly listeners = new Set<() => void>();
  private writes: Promise<void> = Promise.resolve();

  /** `initial`: the entries the store holds (`await store.all()`), so construction stays synchronous. */
  constructor(
    private readonly store: CatalogPort,
    private readonly validators: SchemaValidators,
    initial: readonly CatalogEntry[] = [],
    private readonly onPersistError: (err: unknown) => void = () => {},
  ) {
    for (const entry of initial) this.tools.set(entry.name, this.prepare(entry));
    this.resort();
  }

  /** Resolves once every write queued so far has reached the store. */
  persisted(): Promise<void> {
    return this.writes;
  }

  private persist(write: () => Promise<void>): Promise<void> {
    this.writes = this.writes.then(write).catch(this.onPersistError);
    return this.writes;
  }

  get revision(): number {
    return this.rev;
  }

  get(name: string): PublishedTool | undefined {
    return this.tools.get(name);
  }

  get size(): number {
    return this.tools.size;
  }

  /** Replaces every tool of one server (in memory now, in the store behind it). */
  replaceServer(server: string, entries: CatalogEntry[]): Promise<void> {
    const before = this.sorted.filter((t) => t.entry.server === server);
    if (this.unchanged(before, entries)) return this.writes;
    for (const t of before) this.tools.delete(t.entry.name);
    for (const e of entries) this.tools.set(e.name, this.prepare(e));
    this.resort();
    return this.persist(() => this.store.replaceServer(server, entries));
  }

  /**
   * Takes one server's entries as another replica stored them: memory only, nothing is written
   * back (that replica already did), so replicas cannot echo a change between them.
   */
  applyStored(server: string, entries: readonly CatalogEntry[]): void {
    const before = this.sorted.filter((t) => t.entry.server === server);
    if (this.unchanged(before, entries)) return;
    for (const t of before) this.tools.delete(t.entry.name);
    for (const e of entries) this.tools.set(e.name, this.prepare(e));
    this.resort();
  }

  private unchanged(before: readonly PublishedTool[], entries: readonly CatalogEntry[]): boolean {
    return (
      before.length === entries.length &&
      entries.every((e) => {
        const old = this.tools.get(e.name)?.entry;
        // the whole definition too: a changed title or annotation must reach the store and /mcp
        return sameListing(old, e) && canonicalJson(old?.definition ?? null) === canonicalJson(e.definition ?? null);
      })
    );
  }

  /** The servers that have entries in memory. */
  servers(): Set<string> {
    return new Set(this.sorted.map((t) => t.entry.server));
  }

  /** Drops hosted servers that are no longer configured. */
  retainHostedServers(names: readonly string[]): Promise<void> {
    const keep = new Set(names);
    const drop = this.sorted.filter((t) => t.entry.origin === "hosted" && !keep.has(t.entry.server));
    if (drop.length === 0) return this.writes;
    for (const t of drop) this.tools.delete(t.entry.name);
    this.resort();
    return this.persist(() => this.store.retainHostedServers(names));
  }

  list(filter: DiscoverFilter): CatalogEntry[] {
    const q = filter.q?.toLowerCase();
    const out: CatalogEntry[] = [];
    for (const { entry } of this.sorted) {
      if (out.length >= filter.limit) break;
      if (filter.tag !== undefined && !entry.tags.includes(filter.tag)) continue;
      if (filter.capability !== undefined && !entry.capabilities.includes(filter.capability)) continue;
      if (q !== undefined && !matches(entry, q)) continue;
      out.push(entry);
    }
    return out;
  }

  all(): CatalogEntry[] {
    return this.sorted.map((t) => t.entry);
  }

  /** Called after every change (used for list_changed notifications and caches). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private prepare(entry: CatalogEntry): PublishedTool {
    const props = entry.inputSchema.properties;
    const argOrder = props !== null && typeof props === "object" ? Object.keys(props) : [];
    const dot = entry.name.indexOf(".");
    return {
      entry,
      toolName: dot >= 0 ? entry.name.slice(dot + 1) : entry.name,
      validate: this.validators.compile(entry.inputSchema),
      argOrder,
    };
  }

  private resort(): void {
    this.sorted = [...this.tools.values()].sort((a, b) => (a.entry.name < b.entry.name ? -1 : 1));
    this.rev++;
    for (const l of this.listeners) l();
  }
}

function matches(entry: CatalogEntry, q: string): boolean {
  return (
    entry.name.toLowerCase().includes(q) ||
    entry.description.toLowerCase().includes(q) ||
    entry.tags.some((t) => t.toLowerCase().includes(q))
  );
}

/**
 * Would replacing `before` with `after` change what /discover shows? The definition hash
 * covers name, description and schema only: a new version (a catalog-only submission keeps
 * its description), new tags or capabilities must still replace the entry.
 */
function sameListing(before: CatalogEntry | undefined, after: CatalogEntry): boolean {
  if (!before) return false;
  const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  return (
    before.definitionSha256 === after.definitionSha256 &&
    before.version === after.version &&
    before.executable === after.executable &&
    before.origin === after.origin &&
    sameList(before.tags, after.tags) &&
    sameList(before.capabilities, after.capabilities)
  );
}

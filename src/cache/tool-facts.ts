import { createHash } from "node:crypto";
import type { ToolCatalog } from "../catalog/tool-catalog";
import type { RegistryEntry } from "../engine/engine-types";
import type { CatalogEntry } from "../store/catalog-store";
import { canonicalize } from "../trust/jcs";

/** What the cache needs to know of a tool to decide whether and how long to keep its answers. */
export interface ToolFacts {
  /** The hosted server serving it; absent for a partner's tool (`name@host`). */
  server?: string;
  /** Annotated `readOnlyHint: true` (a partner's tool: listed with the `read-only` capability). */
  readOnly: boolean;
  /** Changes with any change of the tool's definition: part of every cache key. */
  fingerprint: string;
  /** The tool's tags as its catalog entry lists them. */
  tags: readonly string[];
}

export interface ToolFactsSources {
  catalog: Pick<ToolCatalog, "get">;
  /** The federation's entries and the revision that changes with them (partners' tools). */
  remote?: { entries(): RegistryEntry[]; revision(): number };
}

/**
 * Looks up a tool's facts: hosted and registered tools in the catalog, partners' tools in the
 * engine's registry. Fingerprints are memoized per catalog entry object (a changed listing
 * replaces the object) and per registry revision.
 */
export class ToolFactsLookup {
  private readonly local = new WeakMap<CatalogEntry, ToolFacts>();
  private remote: { revision: number; byId: Map<string, ToolFacts> } | undefined;

  constructor(private readonly sources: ToolFactsSources) {}

  /** undefined: no such tool here (its calls are never cached). */
  factsOf(id: string): ToolFacts | undefined {
    return id.includes("@") ? this.remoteFacts(id) : this.localFacts(id);
  }

  private localFacts(id: string): ToolFacts | undefined {
    const entry = this.sources.catalog.get(id)?.entry;
    if (!entry || !entry.executable) return undefined;
    let facts = this.local.get(entry);
    if (!facts) {
      // the whole listed definition (annotations, output schema too) when the catalog kept it
      const fingerprint = entry.definition ? digest(entry.definition) : entry.definitionSha256;
      facts = { server: entry.server, readOnly: entry.definition?.annotations?.readOnlyHint === true, fingerprint, tags: entry.tags };
      this.local.set(entry, facts);
    }
    return facts;
  }

  private remoteFacts(id: string): ToolFacts | undefined {
    const remote = this.sources.remote;
    if (!remote) return undefined;
    const revision = remote.revision();
    if (this.remote?.revision !== revision) {
      const byId = new Map<string, ToolFacts>();
      for (const e of remote.entries()) {
        if (e.host === null || !e.executable) continue;
        // the whole definition the partner serves (and signs): annotations and output schema too
        const { annotations, outputSchema } = e as RegistryEntry & { annotations?: unknown; outputSchema?: unknown };
        const fingerprint = digest({ description: e.description, version: e.version, inputSchema: e.inputSchema, capabilities: e.capabilities, annotations, outputSchema });
        byId.set(e.id, { readOnly: e.capabilities.includes("read-only"), fingerprint, tags: e.tags });
      }
      this.remote = { revision, byId };
    }
    return this.remote.byId.get(id);
  }
}

function digest(value: unknown): string {
  try {
    return createHash("sha256").update(canonicalize(value)).digest("base64url");
  } catch {
    // not canonical JSON (cannot happen for listed tools): a key that matches nothing cached
    return `uncacheable:${Math.random()}`;
  }
}

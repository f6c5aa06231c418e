import picomatch from "picomatch";
import type { ToolCacheRule } from "./cache-schema";
import type { ToolFacts } from "./tool-facts";

/** How one call is cached: for how long, under which tags, and keyed with which definition. */
export interface CachePlan {
  ttlMs: number;
  tags: string[];
  fingerprint: string;
}

/** What the cache reads of a hosted server's configuration. */
export interface ServerCacheSettings {
  /** `mcpServers.<name>.cache.ttl` (ms). */
  ttlMs?: number;
  /** The server's `tags`, when its configuration has them. */
  tags?: readonly string[];
  /** A server whose callers each get their own session keeps state: never cached. */
  perSession?: boolean;
}

interface CompiledRule {
  rule: ToolCacheRule;
  matches: (id: string) => boolean;
}

/**
 * Decides which calls are cached: a tool matched by a `cache.tools` glob (listed explicitly,
 * whatever its annotations; the first matching glob in config order decides), else a tool
 * annotated `readOnlyHint: true` on a server with `cache.ttl`. Anything else is not cached.
 */
export class CachePlanner {
  private rules: CompiledRule[] = [];

  constructor(rules: Record<string, ToolCacheRule>, private readonly serverSettings: (server: string) => ServerCacheSettings | undefined) {
    this.replace(rules);
  }

  replace(rules: Record<string, ToolCacheRule>): void {
    this.rules = Object.entries(rules).map(([glob, rule]) => ({ rule, matches: picomatch(glob, { dot: true }) }));
  }

  /**
   * The plan for a call of `id`, or undefined when its answers are not cached. `factsOf` is asked
   * only when the answer depends on them (a partner's tool not listed never builds the lookup).
   */
  plan(id: string, factsOf: (id: string) => ToolFacts | undefined): CachePlan | undefined {
    const explicit = this.rules.find((r) => r.matches(id));
    if (!explicit && id.includes("@")) return undefined;
    const facts = factsOf(id);
    if (!facts) return undefined;
    const server = facts.server === undefined ? undefined : this.serverSettings(facts.server);
    if (server?.perSession) return undefined;
    const tags = [...facts.tags, ...(server?.tags ?? [])];
    if (facts.server !== undefined) tags.push(facts.server);
    if (explicit) return { ttlMs: explicit.rule.ttl, tags: [...tags, ...(explicit.rule.tags ?? [])], fingerprint: facts.fingerprint };
    if (facts.readOnly && server?.ttlMs !== undefined) return { ttlMs: server.ttlMs, tags, fingerprint: facts.fingerprint };
    return undefined;
  }
}

import picomatch from "picomatch";
import type { FallbackConfig } from "./fallback-schema";

interface GlobEntry {
  matches: (id: string) => boolean;
  targets: readonly string[];
}

/**
 * The configured `fallback` lists. An exact key wins over globs; among globs the first that
 * matches, in the order the config lists them, decides. Replaced whole on /admin/reload.
 */
export class FallbackTable {
  private exact = new Map<string, readonly string[]>();
  private globs: GlobEntry[] = [];

  constructor(config: FallbackConfig = {}) {
    this.replace(config);
  }

  /** Takes a new table (start-up and /admin/reload). */
  replace(config: FallbackConfig): void {
    const exact = new Map<string, readonly string[]>();
    const globs: GlobEntry[] = [];
    for (const [key, targets] of Object.entries(config)) {
      if (picomatch.scan(key).isGlob) globs.push({ matches: picomatch(key, { dot: true }), targets });
      else exact.set(key, targets);
    }
    this.exact = exact;
    this.globs = globs;
  }

  /** The configured candidates for `id`, in order, without `id` itself and without repeats. */
  candidatesFor(id: string): string[] {
    const targets = this.exact.get(id) ?? this.globs.find((g) => g.matches(id))?.targets ?? [];
    return [...new Set(targets)].filter((t) => t !== id);
  }
}

import type { ToolCatalog } from "../catalog/tool-catalog";
import type { FederationEvents } from "../trust/federation-events";

/** Revocations sent for one change at most (a server with more tools is covered by the catalog event). */
const MAX_REVOKES = 100;

/**
 * Tells partners about catalog changes as they happen: a `revoke` per tool that left the catalog
 * partners pull (unregistered, quarantined, its server gone) and one `catalog` event per burst of
 * changes (debounced 100 ms), so partners re-sync at once instead of at their next interval.
 */
export function publishCatalogEvents(catalog: Pick<ToolCatalog, "onChange" | "all" | "revision">, events: Pick<FederationEvents, "publish">): void {
  const executable = () => new Map(catalog.all().filter((e) => e.executable).map((e) => [e.name, e.version]));
  let before = executable();
  let timer: NodeJS.Timeout | undefined;
  catalog.onChange(() => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      const now = executable();
      const gone = [...before].filter(([name]) => !now.has(name)).slice(0, MAX_REVOKES);
      before = now;
      void (async () => {
        for (const [tool, version] of gone) await events.publish("revoke", { tool, version, reason: "no longer published" });
        await events.publish("catalog", { seq: catalog.revision });
      })().catch(() => undefined);
    }, 100);
    timer.unref();
  });
}

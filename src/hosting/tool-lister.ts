import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import { createToolFilter, type ToolFilterOptions } from "./tool-filter";

/** Where a server's tools come from (an UpstreamConnection). */
export interface ToolSource {
  listAllTools(): Promise<Tool[]>;
  readonly serverVersion: string;
}

/**
 * Can this tool be called through a plain tools/call? A tool whose `execution.taskSupport` is
 * `required` answers only task-augmented calls, which the node does not make: it is not published.
 */
export function isPlainCallable(tool: Tool): boolean {
  return tool.execution?.taskSupport !== "required";
}

/**
 * Lists a server's tools and publishes the ones the operator's filter keeps and a plain call
 * can reach, unchanged (every field the server sent). Concurrent re-lists (a burst of
 * tools/list_changed) collapse into one more list.
 */
export class ToolLister {
  private readonly filter: (tool: string) => boolean;
  private current: Tool[] = [];
  private byName = new Map<string, Tool>();
  private outputSchemas = new Set<string>();
  private listing: Promise<boolean> | undefined;
  private next: Promise<boolean> | undefined;

  constructor(
    private readonly server: string,
    filter: ToolFilterOptions | undefined,
    private readonly log: Logger,
    private readonly onTools: (server: string, tools: Tool[], version: string) => void | Promise<void>,
  ) {
    this.filter = createToolFilter(filter);
  }

  get count(): number {
    return this.current.length;
  }

  get published(): readonly Tool[] {
    return this.current;
  }

  /** A published tool's definition by its own name. */
  definition(tool: string): Tool | undefined {
    return this.byName.get(tool);
  }

  hasOutputSchema(tool: string): boolean {
    return this.outputSchemas.has(tool);
  }

  async list(source: ToolSource): Promise<void> {
    const tools = await source.listAllTools();
    const published = tools.filter((t) => this.filter(t.name) && isPlainCallable(t));
    for (const t of tools) {
      if (!isPlainCallable(t)) this.log.debug({ tool: t.name }, "tool requires task-based execution; not published");
    }
    this.outputSchemas = new Set(tools.filter((t) => t.outputSchema !== undefined).map((t) => t.name));
    this.current = published;
    this.byName = new Map(published.map((t) => [t.name, t]));
    // a listing is done once it is published (or declined): a re-check that awaits it sees the result
    await this.onTools(this.server, published, source.serverVersion);
  }

  /**
   * Re-lists after tools/list_changed or a periodic check; false when the server did not answer.
   * A burst collapses: a caller arriving while a listing is in flight waits for one more listing
   * that starts after it (the one in flight may predate the change the caller was told about),
   * and every caller of that burst shares it.
   */
  relist(source: ToolSource): Promise<boolean> {
    if (this.listing) {
      this.next ??= this.listing.then(() => {
        this.next = undefined;
        return this.relist(source);
      });
      return this.next;
    }
    const listing = this.list(source).then(
      () => true,
      (err: Error) => {
        this.log.warn({ err: err.message }, "re-listing tools failed");
        return false;
      },
    );
    this.listing = listing.finally(() => {
      this.listing = undefined;
    });
    return listing;
  }
}

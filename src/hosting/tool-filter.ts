import picomatch from "picomatch";

export interface ToolFilterOptions {
  include?: readonly string[];
  exclude?: readonly string[];
}

/**
 * Builds a predicate over a server's own tool names from glob lists: a tool is published when
 * it matches some `include` pattern (or there are none) and no `exclude` pattern.
 */
export function createToolFilter(options: ToolFilterOptions = {}): (toolName: string) => boolean {
  const include = options.include?.length ? picomatch([...options.include]) : undefined;
  const exclude = options.exclude?.length ? picomatch([...options.exclude]) : undefined;
  return (name) => (include ? include(name) : true) && !(exclude ? exclude(name) : false);
}

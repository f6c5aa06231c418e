import { posix } from "node:path";
import type { FlowCollector } from "./analyze";
import { parsePython, PyModule, type PyHost } from "./py-module";
import { BudgetExceeded, type Budget } from "./scope";

/**
 * Python analysis over a repository: each file is a module run once; imports of repository
 * modules (relative, from the root or from src/) bind the imported functions, so a tool in one
 * file that calls a helper in another is followed into it. Returns the files whose budget ran out.
 */
export function analyzePythonFiles(files: readonly string[], read: (f: string) => string | undefined, collector: FlowCollector, budget: () => Budget): string[] {
  const present = new Set(files);
  const modules = new Map<string, PyModule | undefined>();
  const host: PyHost = {
    module(fromFile, dotted, level) {
      const rel = dotted.replace(/\./g, "/");
      const bases = level > 0 ? [posix.join(posix.dirname(fromFile), ...Array<string>(level - 1).fill(".."))] : ["", "src", posix.dirname(fromFile)];
      const file = bases.flatMap((b) => [posix.join(b, `${rel}.py`), posix.join(b, rel, "__init__.py")]).find((c) => present.has(c));
      return file ? load(file) : undefined;
    },
  };
  const load = (file: string): PyModule | undefined => {
    if (!modules.has(file)) {
      const text = read(file);
      const root = text === undefined ? undefined : parsePython(text);
      modules.set(file, root ? new PyModule(file, root, collector, budget(), host) : undefined);
    }
    return modules.get(file);
  };
  const incomplete: string[] = [];
  for (const file of files) {
    try {
      load(file)?.load();
    } catch (err) {
      if (!(err instanceof BudgetExceeded)) throw err;
      incomplete.push(file);
    }
  }
  return incomplete;
}

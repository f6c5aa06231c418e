import { posix } from "node:path";
import ts from "typescript";

/** What runs: the entry points of a repository and every file they import. */
export interface Reachability {
  /** false when no entry point was found: then nothing can be called unreachable */
  known: boolean;
  entries: string[];
  reachable: Set<string>;
}

const JS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SCRIPT_FILE = /(?:^|\s|=)((?:\.{0,2}\/)?[\w@.\-/]+\.(?:[cm]?[jt]sx?|py|sh))(?=\s|$|;|&|\|)/g;
const NODE_RUN = /\b(?:node|tsx|ts-node|bun|deno run|python3?|sh|bash)\s+(?:-[\w-]+\s+)*((?:\.{0,2}\/)?[\w@.\-/]+)/g;

/** Candidate repository files for a path named by a manifest (dist/ mapped back to src/). */
function candidates(dir: string, p: string): string[] {
  const base = posix.normalize(posix.join(dir, p)).replace(/^\.\//, "");
  const stem = base.replace(/\.(c|m)?jsx?$/, "");
  const src = stem.replace(/(^|\/)(dist|build|lib|out|bin)\//, "$1src/");
  const out: string[] = [];
  for (const s of [base, stem, src, stem.replace(/(^|\/)(dist|build|lib|out)\//, "$1")]) {
    out.push(s, `${s}.ts`, `${s}.tsx`, `${s}.mts`, `${s}.js`, `${s}.mjs`, `${s}.cjs`, `${s}.py`, `${s}/index.ts`, `${s}/index.js`, `${s}/__init__.py`, `${s}/__main__.py`);
  }
  return out;
}

function manifestPaths(pkg: Record<string, unknown>): string[] {
  const paths: string[] = [];
  const strings = (v: unknown): void => {
    if (typeof v === "string") paths.push(v);
    else if (v && typeof v === "object") for (const x of Object.values(v)) strings(x);
  };
  strings(pkg.main);
  strings(pkg.module);
  strings(pkg.bin);
  strings(pkg.exports);
  for (const cmd of Object.values((pkg.scripts ?? {}) as Record<string, unknown>)) {
    if (typeof cmd !== "string") continue;
    for (const m of cmd.matchAll(SCRIPT_FILE)) paths.push(m[1]);
    for (const m of cmd.matchAll(NODE_RUN)) paths.push(m[1]);
  }
  if (!pkg.main && !pkg.exports) paths.push("index.js");
  return paths;
}

function pythonEntries(pyproject: string): string[] {
  const out: string[] = [];
  let inScripts = false;
  for (const line of pyproject.split("\n")) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) inScripts = /(^|\.)(scripts|gui-scripts|entry-points\.[^\]]+)$/.test(header[1]);
    else if (inScripts) {
      const m = /=\s*["']([\w.]+)(?::[\w.]+)?["']/.exec(line);
      if (m) out.push(m[1].replace(/\./g, "/"));
    }
  }
  return out;
}

function pythonImports(file: string, text: string): string[] {
  const out: string[] = [];
  const dir = posix.dirname(file);
  for (const m of text.matchAll(/^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[\w \t,*]+)/gm)) {
    const up = m[1].length;
    const base = up ? posix.join(dir, ...Array(Math.max(0, up - 1)).fill("..")) : "";
    const mod = m[2].replace(/\./g, "/");
    out.push(posix.join(base, mod));
    for (const name of m[3].replace(/[()]/g, "").split(",").map((s) => s.trim().split(/\s+/)[0]).filter((s) => s && s !== "*")) out.push(posix.join(base, mod, name));
  }
  for (const m of text.matchAll(/^[ \t]*import[ \t]+([\w.]+)/gm)) out.push(m[1].replace(/\./g, "/"));
  return out;
}

/**
 * The files that run: package.json main/bin/exports and every script (install scripts
 * included), pyproject scripts, setup.py, `__main__` modules, shebang executables, and all
 * they import. Folder names play no part: code under scripts/ that an install script runs is
 * as reachable as src/.
 */
export function computeReachability(files: readonly string[], read: (f: string) => string | undefined): Reachability {
  const present = new Set(files);
  const pyFiles = files.filter((f) => f.endsWith(".py"));
  const find = (dir: string, p: string) => candidates(dir, p).find((c) => present.has(c));
  const findPy = (mod: string) => [mod, `src/${mod}`].flatMap((m) => [`${m}.py`, `${m}/__init__.py`, `${m}/__main__.py`]).find((c) => present.has(c)) ?? pyFiles.find((f) => f.endsWith(`/${mod}.py`));
  const entries = new Set<string>();
  for (const f of files) {
    const name = posix.basename(f);
    if (f.includes("node_modules/")) continue;
    if (name === "package.json") {
      let pkg: Record<string, unknown>;
      try {
        pkg = JSON.parse(read(f) ?? "{}") as Record<string, unknown>;
      } catch {
        continue;
      }
      for (const p of manifestPaths(pkg)) {
        const hit = find(posix.dirname(f), p);
        if (hit) entries.add(hit);
      }
    } else if (name === "pyproject.toml") {
      for (const mod of pythonEntries(read(f) ?? "")) {
        const hit = findPy(posix.join(posix.dirname(f) === "." ? "" : posix.dirname(f), mod));
        if (hit) entries.add(hit);
      }
    } else if (name === "setup.py" || name === "__main__.py") entries.add(f);
    else if (f.endsWith(".py") || JS.test(f)) {
      const text = read(f) ?? "";
      if (/^#!.*\b(node|python3?|tsx|bun)\b/.test(text) || /^if\s+__name__\s*==\s*['"]__main__['"]/m.test(text)) entries.add(f);
    }
  }
  const reachable = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const f = queue.pop()!;
    if (reachable.has(f)) continue;
    reachable.add(f);
    const text = read(f);
    if (text === undefined) continue;
    let next: (string | undefined)[] = [];
    if (JS.test(f)) next = ts.preProcessFile(text, true, true).importedFiles.filter((i) => i.fileName.startsWith(".")).map((i) => find(posix.dirname(f), i.fileName));
    else if (f.endsWith(".py")) next = pythonImports(f, text).map(findPy);
    for (const n of next) if (n && !reachable.has(n)) queue.push(n);
  }
  return { known: entries.size > 0, entries: [...entries], reachable };
}

/** Tests, documentation and examples: lower only when nothing that runs reaches them. */
const NOT_SHIPPED = /(^|\/)(tests?|__tests__|spec|specs|bench|benchmarks?|examples?|fixtures|docs?|scripts)\/|\.(test|spec|bench)\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$/;

/** Whether a file's findings may be lowered: it is never run from an entry point or install script. */
export function isUnreachableExtra(file: string, r: Reachability): boolean {
  return r.known && !r.reachable.has(file) && NOT_SHIPPED.test(file);
}

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** How to start a submitted stdio server: the program and its arguments, run in its directory. */
export type Launch = { command: string; args: string[]; runtime: "node" | "python" } | { reason: string };

const RUNNABLE_JS = /\.(c|m)?js$/;

/**
 * The system interpreter, not whatever `python3` is first on PATH: a version manager's shim
 * (pyenv) is a shell script, and the sandbox would see the server "start a shell" before it ran.
 */
const PYTHON = ["/usr/bin/python3", "/usr/local/bin/python3"].find((p) => existsSync(p)) ?? "python3";

function firstString(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v === "object") for (const x of Object.values(v)) if (typeof x === "string") return x;
  return undefined;
}

/**
 * The command the package itself implies: package.json `bin`, then `main`, then index.js for
 * Node; pyproject `[project.scripts]`, a `__main__` package or a script with a `__main__` guard
 * for Python. A TypeScript entry that was never built cannot be run: the reason says so.
 */
export function findLaunch(dir: string): Launch {
  const pkgPath = join(dir, "package.json");
  if (existsSync(pkgPath)) {
    let pkg: Record<string, unknown> = {};
    try {
      pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as Record<string, unknown>;
    } catch {
      return { reason: "package.json is not valid JSON" };
    }
    const candidates = [firstString(pkg.bin), typeof pkg.main === "string" ? pkg.main : undefined, "index.js"].filter((c): c is string => !!c);
    const entry = candidates.find((c) => existsSync(join(dir, c)) && RUNNABLE_JS.test(c));
    if (entry) return { command: process.execPath, args: [entry], runtime: "node" };
    return { reason: `no runnable entry point (${candidates.join(", ")}): the package must be built first` };
  }
  const pyproject = join(dir, "pyproject.toml");
  if (existsSync(pyproject)) {
    const text = readFileSync(pyproject, "utf8");
    const m = /\[project\.scripts\][^[]*?=\s*["']([\w.]+):(\w+)["']/.exec(text);
    if (m) return { command: PYTHON, args: ["-c", `import sys; sys.path[:0] = ["src", "."]; from ${m[1]} import ${m[2]}; sys.exit(${m[2]}())`], runtime: "python" };
  }
  for (const f of ["server.py", "main.py", "app.py", "__main__.py", "src/server.py"]) {
    if (existsSync(join(dir, f)) && /__name__\s*==\s*['"]__main__['"]|\.run\(/.test(readFileSync(join(dir, f), "utf8"))) return { command: PYTHON, args: [f], runtime: "python" };
  }
  return { reason: "no package.json or pyproject.toml entry point to start" };
}

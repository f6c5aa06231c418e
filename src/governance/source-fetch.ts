import { spawn } from "node:child_process";
import { lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { AppError } from "../errors";

/** The submission's repository could not be fetched: the submitter's problem, a 422. */
export class SourceUnavailableError extends AppError {
  readonly status = 422;
  readonly code = "source-unavailable";
}

export interface FetchOptions {
  timeoutMs?: number;
  /** Largest checkout in bytes (default 50 MiB). */
  maxBytes?: number;
  maxFiles?: number;
  allowFileRepos?: boolean;
}

export interface Checkout {
  dir: string;
  /** Always call: removes the temp dir. */
  cleanup(): void;
}

const SKIP_DIRS = new Set([".git", "node_modules", ".venv", "venv", "__pycache__", ".next", "coverage"]);

/** Files below root (relative paths), skipping VCS, dependency and build folders and symlinks. */
export function listFiles(root: string, maxFiles = 20_000, maxBytes = 50 * 1024 * 1024): { files: string[]; bytes: number } {
  const files: string[] = [];
  let bytes = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      bytes += lstatSync(full).size;
      files.push(relative(root, full));
      if (files.length > maxFiles) throw new SourceUnavailableError(`the repository has more than ${maxFiles} files`);
      if (bytes > maxBytes) throw new SourceUnavailableError(`the repository is larger than ${Math.round(maxBytes / 1048576)} MiB`);
    }
  };
  walk(root);
  return { files: files.sort(), bytes };
}

/**
 * `git clone --depth 1` into a temp dir with a timeout, no hooks, no submodules and no
 * credential prompts; the checkout's size is capped. Any failure is a SourceUnavailableError
 * carrying git's reason, and the temp dir is removed.
 */
export async function cloneRepository(url: string, options: FetchOptions = {}): Promise<Checkout> {
  const isFile = url.startsWith("file://");
  if (isFile && !options.allowFileRepos) throw new SourceUnavailableError("file:// repositories are not allowed on this node");
  if (!isFile && !/^https?:\/\//.test(url)) throw new SourceUnavailableError("only http(s) repositories are accepted");
  const parent = mkdtempSync(join(tmpdir(), "mcpfed-src-"));
  const dir = join(parent, "repo");
  const cleanup = () => rmSync(parent, { recursive: true, force: true });
  const args = [
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.symlinks=false",
    "-c", `protocol.file.allow=${isFile ? "always" : "never"}`,
    "-c", "protocol.ext.allow=never",
    "clone", "--depth", "1", "--single-branch", "--no-tags", "--no-recurse-submodules", "--quiet", "--", url, dir,
  ];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn("git", args, {
        stdio: ["ignore", "ignore", "pipe"],
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: parent, GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "/bin/false", GIT_CONFIG_NOSYSTEM: "1", GIT_LFS_SKIP_SMUDGE: "1" },
      });
      let err = "";
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
      child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8").slice(0, 2000)));
      child.on("error", (e) => {
        clearTimeout(timer);
        reject(new SourceUnavailableError(`git could not run: ${e.message}`));
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        if (signal) reject(new SourceUnavailableError(`cloning ${url} took longer than ${options.timeoutMs ?? 60_000} ms`));
        else if (code !== 0) reject(new SourceUnavailableError(`cloning ${url} failed: ${err.trim().split("\n").pop() ?? `exit ${code}`}`));
        else resolve();
      });
    });
    listFiles(dir, options.maxFiles, options.maxBytes);
    return { dir, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

import { spawn } from "node:child_process";
import { lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { AppError } from "../errors";
import { OutboundGuard } from "../net/outbound-guard";
import { startCheckingProxy, type CheckingProxy } from "../net/socks-proxy";

/** Default checkout cap: 50 MiB. */
export const DEFAULT_MAX_CHECKOUT_BYTES = 50 * 1024 * 1024;

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
  /** Checks every connection git makes (SSRF); default: refuses internal addresses. */
  guard?: OutboundGuard;
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
 * Bytes under `dir` (symlinks not followed), stopping early once past `stopAt` bytes or
 * `maxEntries` entries (a tree of a million empty files is too large as well): Infinity then.
 */
async function treeSize(dir: string, stopAt: number, maxEntries: number): Promise<number> {
  let total = 0;
  let entriesSeen = 0;
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return; // git is still creating or renaming it
    }
    entriesSeen += entries.length;
    if (entriesSeen > maxEntries) total = Infinity;
    for (const e of entries) {
      if (total > stopAt) return;
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else total += (await lstat(full).catch(() => undefined))?.size ?? 0;
    }
  };
  await walk(dir);
  return total;
}

function runGit(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, watch: { dir: string; maxBytes: number; maxEntries: number }): Promise<{ code: number | null; timedOut: boolean; tooLarge: boolean; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("git", args, { stdio: ["ignore", "ignore", "pipe"], env });
    let stderr = "";
    let timedOut = false;
    let tooLarge = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    // the disk is watched while git writes: objects and working tree together may take twice the cap
    let polling = false;
    const poll = setInterval(() => {
      if (polling) return;
      polling = true;
      void treeSize(watch.dir, watch.maxBytes * 2, watch.maxEntries).then((size) => {
        polling = false;
        if (size > watch.maxBytes * 2) {
          tooLarge = true;
          child.kill("SIGKILL");
        }
      });
    }, 200);
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-2000)));
    const finish = (code: number | null) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ code, timedOut, tooLarge, stderr });
    };
    child.on("error", () => finish(-1));
    child.on("close", (code) => finish(code));
  });
}

/**
 * `git clone --depth 1` into a temp dir with a timeout, no hooks, no submodules and no
 * credential prompts. http(s) clones go through a loopback SOCKS proxy that checks every
 * destination with the guard (SSRF, re-checked on each redirect's connection) and cuts the
 * transfer past the size cap; the directory is watched while git writes and the clone is
 * killed past the cap. Failures are SourceUnavailableErrors that never carry git's or the
 * far side's words (no oracle on internal hosts and ports); the temp dir is removed.
 */
export async function cloneRepository(url: string, options: FetchOptions = {}): Promise<Checkout> {
  const isFile = url.startsWith("file://");
  if (isFile && !options.allowFileRepos) throw new SourceUnavailableError("file:// repositories are not allowed on this node");
  if (!isFile && !/^https?:\/\//.test(url)) throw new SourceUnavailableError("only http(s) repositories are accepted");
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_CHECKOUT_BYTES;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const guard = options.guard ?? new OutboundGuard({ allowPrivate: false });
  // the WHATWG parser turns 127.1, 2130706433, 0x7f000001 and 0177.0.0.1 into 127.0.0.1: git sees what was checked
  const target = isFile ? url : new URL(url).href;
  const parent = mkdtempSync(join(tmpdir(), "mcpfed-src-"));
  const dir = join(parent, "repo");
  const cleanup = () => rmSync(parent, { recursive: true, force: true });
  let proxy: CheckingProxy | undefined;
  try {
    proxy = isFile ? undefined : await startCheckingProxy({ guard, maxBytes });
  } catch {
    cleanup();
    throw new SourceUnavailableError("the repository could not be fetched: no local proxy port");
  }
  const args = [
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.symlinks=false",
    "-c", `protocol.file.allow=${isFile ? "always" : "never"}`,
    "-c", "protocol.ext.allow=never",
    ...(proxy ? ["-c", `http.proxy=${proxy.url}`] : []),
    "clone", "--depth", "1", "--single-branch", "--no-tags", "--no-recurse-submodules", "--quiet", "--", target, dir,
  ];
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: parent, GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "/bin/false", GIT_CONFIG_NOSYSTEM: "1", GIT_LFS_SKIP_SMUDGE: "1" };
  try {
    const run = await runGit(args, env, timeoutMs, { dir: parent, maxBytes, maxEntries: (options.maxFiles ?? 20_000) * 4 }).finally(() => proxy?.close());
    const cap = maxBytes >= 1048576 ? `${Math.round(maxBytes / 1048576)} MiB` : `${Math.round(maxBytes / 1024)} KiB`;
    if (proxy?.blocked) throw new SourceUnavailableError(`cloning ${url} refused: the host is or resolves to an internal address`);
    if (run.tooLarge || proxy?.exceeded) throw new SourceUnavailableError(`cloning ${url} stopped: the repository is larger than ${cap}`);
    if (run.timedOut) throw new SourceUnavailableError(`cloning ${url} took longer than ${timeoutMs} ms`);
    if (run.code === -1) throw new SourceUnavailableError("git could not run on this node");
    if (run.code !== 0) throw new SourceUnavailableError(`cloning ${url} failed: the repository could not be fetched`);
    listFiles(dir, options.maxFiles, maxBytes);
    return { dir, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

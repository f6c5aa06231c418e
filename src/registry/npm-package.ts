import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { createGunzip } from "node:zlib";
import { BodyTooLargeError, readResponseBounded } from "../net/bounded-body";

/** A server.json package this node can host: an npm package at an exact version. */
export interface NpmPackageRef {
  registryType: "npm";
  identifier: string;
  version: string;
}

export interface NpmOptions {
  /** The npm registry to fetch from (the operator's; tarballs must come from the same origin). */
  registry: string;
  timeoutMs?: number;
  /** Largest packument and unpacked package, in bytes. */
  maxBytes: number;
}

export class PackageUnavailableError extends Error {}

/** The packument URL of a name (a scoped name keeps its `@` and escapes its slash). */
function packumentUrl(registry: string, name: string): string {
  return `${registry.replace(/\/+$/, "")}/${name.startsWith("@") ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name)}`;
}

/** Checks a Subresource Integrity string (`sha512-<base64>`, several allowed) against the bytes. */
export function integrityMatches(integrity: string, bytes: Buffer): boolean {
  return integrity.split(/\s+/).some((entry) => {
    const m = /^(sha512|sha384|sha256)-([A-Za-z0-9+/=]+)$/.exec(entry);
    return m !== null && createHash(m[1]).update(bytes).digest("base64") === m[2];
  });
}

/** Unpacks a .tgz into `dir` with Debian's tar, the gunzipped stream capped at `maxBytes`. */
function untar(tgz: Buffer, dir: string, maxBytes: number, timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const tar = spawn("tar", ["-x", "-f", "-", "-C", dir, "--no-same-owner", "--no-same-permissions"], { stdio: ["pipe", "ignore", "pipe"] });
    const gunzip = createGunzip();
    let size = 0;
    let failed: Error | undefined;
    const fail = (err: Error) => {
      failed ??= err;
      tar.kill("SIGKILL");
      gunzip.destroy();
    };
    const timer = setTimeout(() => fail(new PackageUnavailableError("unpacking took too long")), timeoutMs);
    let stderr = "";
    tar.stderr.on("data", (c: Buffer) => (stderr += c.toString().slice(0, 2000)));
    gunzip.on("data", (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) fail(new PackageUnavailableError(`the package unpacks to more than ${maxBytes} bytes`));
    });
    gunzip.on("error", () => fail(new PackageUnavailableError("the tarball is not gzip")));
    tar.stdin.on("error", () => undefined);
    gunzip.pipe(tar.stdin);
    tar.on("close", (code) => {
      clearTimeout(timer);
      if (failed) reject(failed);
      else if (code !== 0) reject(new PackageUnavailableError(`the tarball could not be unpacked: ${stderr.split("\n")[0]}`));
      else resolvePromise();
    });
    gunzip.end(tgz);
  });
}

/**
 * Fetches a published npm package as the registry serves it: the packument, the exact version's
 * tarball (same origin as the registry), checked against the packument's integrity, unpacked into
 * a new temp directory. Nothing of the package runs. Returns the package folder and a cleanup.
 */
export async function fetchNpmPackage(ref: NpmPackageRef, options: NpmOptions): Promise<{ dir: string; cleanup: () => void }> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const fetchCapped = async (url: string) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" }, redirect: "error" }).catch((err: Error) => {
      throw new PackageUnavailableError(`${new URL(url).origin} could not be reached (${err.name})`);
    });
    if (res.status !== 200) throw new PackageUnavailableError(`${new URL(url).origin} answered ${res.status}`);
    return readResponseBounded(res, options.maxBytes, new URL(url).origin).catch((err: unknown) => {
      throw err instanceof BodyTooLargeError ? new PackageUnavailableError(`more than ${options.maxBytes} bytes`) : err;
    });
  };
  const packument = JSON.parse((await fetchCapped(packumentUrl(options.registry, ref.identifier))).toString("utf8")) as { versions?: Record<string, { dist?: { tarball?: string; integrity?: string } }> };
  const dist = packument.versions?.[ref.version]?.dist;
  if (!dist?.tarball || !dist.integrity) throw new PackageUnavailableError(`${ref.identifier}@${ref.version} is not published with an integrity hash`);
  if (new URL(dist.tarball).origin !== new URL(options.registry).origin) throw new PackageUnavailableError("the tarball is not served by the configured registry");
  const tgz = await fetchCapped(dist.tarball);
  if (!integrityMatches(dist.integrity, tgz)) throw new PackageUnavailableError(`${ref.identifier}@${ref.version}: the tarball does not match its integrity hash`);
  const dir = mkdtempSync(join(tmpdir(), "mcpfed-npm-"));
  try {
    await untar(tgz, dir, options.maxBytes, timeoutMs);
    const root = join(dir, "package");
    if (!existsSync(join(root, "package.json"))) throw new PackageUnavailableError("the tarball holds no package/package.json");
    return { dir: root, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The file a package runs: its `bin` (the one named like the package, else the first), else `main`. */
export function entryOf(packageDir: string): string {
  const pkg = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { name?: string; bin?: string | Record<string, string>; main?: string };
  const short = (pkg.name ?? "").replace(/^@[^/]+\//, "");
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin ? (pkg.bin[short] ?? Object.values(pkg.bin)[0]) : undefined;
  const entry = resolve(packageDir, bin ?? pkg.main ?? "index.js");
  if (!entry.startsWith(resolve(packageDir) + sep)) throw new PackageUnavailableError("the package's entry point is outside the package");
  return entry;
}

/** Runs npm (dependencies only, never scripts) in a package folder, from the configured registry. */
function npmInstall(dir: string, registry: string, timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const npm = spawn("npm", ["install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock", `--registry=${registry}`], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    npm.stderr.on("data", (c: Buffer) => (stderr += c.toString().slice(0, 4000)));
    const timer = setTimeout(() => npm.kill("SIGKILL"), timeoutMs);
    npm.on("error", reject);
    npm.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new PackageUnavailableError(`installing the package's dependencies failed: ${stderr.split("\n").find((l) => /ERR/.test(l)) ?? code}`));
    });
  });
}

/**
 * The pinned install of a package in `packagesDir/<name>@<version>`: made once (fetched, checked,
 * unpacked, its dependencies installed without scripts), then reused. Returns the entry point.
 */
export async function ensureInstalled(ref: NpmPackageRef, packagesDir: string, options: NpmOptions): Promise<string> {
  const target = join(resolve(packagesDir), `${ref.identifier.replace("/", "+")}@${ref.version}`);
  if (existsSync(join(target, "package.json"))) return entryOf(target);
  const fetched = await fetchNpmPackage(ref, options);
  try {
    const pkg = JSON.parse(readFileSync(join(fetched.dir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    if (Object.keys(pkg.dependencies ?? {}).length > 0) await npmInstall(fetched.dir, options.registry, options.timeoutMs ?? 300_000);
    mkdirSync(resolve(packagesDir), { recursive: true });
    const staging = `${target}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(fetched.dir, staging, { recursive: true });
    try {
      renameSync(staging, target);
    } catch (err) {
      // another process installed the same pinned version meanwhile: keep theirs
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(join(target, "package.json"))) throw err;
    }
  } finally {
    fetched.cleanup();
  }
  return entryOf(target);
}

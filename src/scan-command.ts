import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Severity } from "./governance/findings";
import { runPipeline } from "./governance/pipeline";
import { toSarif, toText } from "./governance/sarif";
import { cloneRepository, type Checkout } from "./governance/source-fetch";
import { OutboundGuard } from "./net/outbound-guard";

export interface ScanOptions {
  format: "text" | "json" | "sarif";
  failOn: Severity;
  semgrepBin: string;
  semgrepRequired: boolean;
  /** run the detonation sandbox too (required: a sandbox that cannot run rejects) */
  sandbox?: boolean;
}

/** Name, version, description and licence from the tree's package.json or pyproject, if any. */
function manifestFrom(dir: string, fallbackName: string) {
  const pkgPath = join(dir, "package.json");
  if (existsSync(pkgPath)) {
    try {
      const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as Record<string, unknown>;
      return {
        name: String(pkg.name ?? fallbackName).replace(/^@[^/]+\//, ""),
        version: String(pkg.version ?? "0.0.0"),
        description: String(pkg.description ?? ""),
        license: typeof pkg.license === "string" ? pkg.license : undefined,
      };
    } catch {
      // fall through: an invalid package.json is reported by the supply-chain stage
    }
  }
  return { name: fallbackName, version: "0.0.0", description: "", license: undefined };
}

/**
 * `mcpfed scan <path|git-url>`: the governance pipeline over a local tree or a repository,
 * printed as text, JSON or SARIF. Returns the exit code: 0 published, 1 rejected.
 */
export async function scanCommand(target: string, options: ScanOptions, print: (s: string) => void): Promise<number> {
  let checkout: Checkout | undefined;
  let dir: string;
  if (/^(https?|file):\/\//.test(target)) {
    // the operator's own command: any repository they can reach, on their network or not
    checkout = await cloneRepository(target, { allowFileRepos: true, guard: new OutboundGuard({ allowPrivate: true }) });
    dir = checkout.dir;
  } else {
    dir = resolve(target);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${target} is not a directory or a git URL`);
  }
  try {
    const report = await runPipeline(
      { manifest: manifestFrom(dir, basename(dir)), sourceDir: dir },
      {
        failOn: options.failOn,
        semgrep: { bin: options.semgrepBin, configs: [], required: options.semgrepRequired },
        ...(options.sandbox ? { sandbox: { enabled: true, required: true, timeoutMs: 60_000, memoryMb: 1024 } } : {}),
      },
    );
    if (options.format === "json") print(JSON.stringify(report, null, 2));
    else if (options.format === "sarif") print(JSON.stringify(toSarif(report), null, 2));
    else print(toText(report));
    return report.decision === "published" ? 0 : 1;
  } finally {
    checkout?.cleanup();
  }
}

import { dirname } from "node:path";
import type { NodeConfig } from "../config/config-schema";
import { ensureInstalled, fetchNpmPackage, PackageUnavailableError, type NpmPackageRef } from "../registry/npm-package";
import { SourceUnavailableError } from "./source-fetch";
import { inspectStdio } from "./live-tools";
import type { Manifest } from "./manifest-schema";
import { atLeast, sortFindings } from "./findings";
import { runPipeline, type GovernanceReport, type PipelineOptions } from "./pipeline";

export interface PackageCheckDeps {
  config: Pick<NodeConfig, "governance" | "registry">;
  options: PipelineOptions;
  inspectTimeoutMs?: number;
}

const npmOptions = (config: PackageCheckDeps["config"]) => ({ registry: config.registry.npmRegistry, maxBytes: config.governance.maxCheckoutBytes });

/** Where a published package is run from (installed now if this replica has no copy yet). */
export async function packageEntry(ref: NpmPackageRef, config: PackageCheckDeps["config"]): Promise<{ entry: string; cwd: string }> {
  const entry = await ensureInstalled(ref, config.registry.packagesDir, npmOptions(config));
  return { entry, cwd: dirname(entry) };
}

/**
 * Governance of an npm package, in the order that runs nothing unchecked: the published tarball
 * (checked against its integrity hash) is scanned by the static stages first; only if they pass
 * is it installed (dependencies without scripts) and started over stdio to read its tools,
 * prompts and resources, which the live stage then checks. One report covers both.
 */
export async function checkPackage(manifest: Manifest, ref: NpmPackageRef, deps: PackageCheckDeps): Promise<GovernanceReport> {
  let fetched: Awaited<ReturnType<typeof fetchNpmPackage>>;
  try {
    fetched = await fetchNpmPackage(ref, npmOptions(deps.config));
  } catch (err) {
    if (err instanceof PackageUnavailableError) throw new SourceUnavailableError(`${ref.identifier}@${ref.version} could not be fetched: ${err.message}`);
    throw err;
  }
  let statics: GovernanceReport;
  try {
    statics = await runPipeline({ manifest, sourceDir: fetched.dir }, deps.options);
  } finally {
    fetched.cleanup();
  }
  if (statics.decision === "rejected") return statics;
  let live;
  try {
    const { entry, cwd } = await packageEntry(ref, deps.config);
    live = await inspectStdio(entry, { cwd, timeoutMs: deps.inspectTimeoutMs });
  } catch (err) {
    throw new SourceUnavailableError(`${ref.identifier}@${ref.version} did not start as a stdio MCP server: ${err instanceof PackageUnavailableError ? err.message : "it did not answer initialize and tools/list"}`);
  }
  const dynamic = await runPipeline({ manifest, live }, deps.options);
  return mergeReports(statics, dynamic);
}

/** The static report with the live stage (its findings and pins) of the second run; the verdict recomputed. */
function mergeReports(statics: GovernanceReport, dynamic: GovernanceReport): GovernanceReport {
  const liveStage = dynamic.stages.find((s) => s.name === "live-tools");
  // the second run read no source: its only findings of interest are about the listing
  const liveFindings = dynamic.findings.filter((f) => f.scanner !== "qa" || f.tool !== undefined);
  const findings = sortFindings([...statics.findings, ...liveFindings]);
  const stages = statics.stages.map((s) => (s.name === "live-tools" && liveStage ? liveStage : s));
  const blocking = findings.filter((f) => atLeast(f.severity, statics.failOn));
  const reasons = [
    ...(blocking.length ? [`${blocking.length} finding(s) at or above ${statics.failOn}`] : []),
    ...statics.reasons.filter((r) => !/finding\(s\) at or above/.test(r)),
    ...(liveStage?.status === "error" ? [`stage live-tools failed: ${liveStage.detail ?? "error"}`] : []),
  ];
  return { ...statics, decision: reasons.length ? "rejected" : "published", reasons, findings, stages, tools: dynamic.tools };
}

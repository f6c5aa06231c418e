import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SchemaValidators } from "../catalog/schema-validator";
import type { Finding } from "./findings";

const LOCKFILES = ["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lockb", "poetry.lock", "uv.lock", "Pipfile.lock", "requirements.txt"];
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Completeness of a submission: licence, README, lockfile, pinned dependencies, description. */
export function checkCompleteness(manifest: { description?: string; license?: string }, root: string | undefined, files: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const add = (ruleId: string, message: string, severity: Finding["severity"] = "low") => findings.push({ ruleId, severity, message, scanner: "qa" });
  if (!manifest.description || manifest.description.trim().length < 10) add("qa/description", "the manifest has no meaningful description");
  if (root === undefined) return findings;
  const top = new Set(files.filter((f) => !f.includes("/")).map((f) => f.toLowerCase()));
  if (!manifest.license && ![...top].some((f) => f.startsWith("license") || f.startsWith("licence") || f.startsWith("copying"))) {
    add("qa/license", "no licence in the manifest or the repository");
  }
  if (![...top].some((f) => f.startsWith("readme"))) add("qa/readme", "no README");
  if (!LOCKFILES.some((l) => top.has(l.toLowerCase()))) add("qa/lockfile", "no lockfile: installs are not reproducible");
  if (top.has("requirements.txt")) {
    const reqs = readFileSync(join(root, "requirements.txt"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#") && !l.startsWith("-"));
    const loose = reqs.filter((l) => !/==/.test(l));
    if (loose.length) add("qa/unpinned-python", `unpinned Python requirements: ${loose.slice(0, 5).join(", ")}`);
  }
  if (existsSync(join(root, "package.json")) && !top.has("package-lock.json") && !top.has("pnpm-lock.yaml") && !top.has("yarn.lock")) {
    add("qa/npm-lockfile", "package.json without a lockfile");
  }
  return findings;
}

/** Lint of a live tool list: names, valid JSON Schema, required ⊆ properties, described parameters. */
export function lintToolSchemas(
  tools: readonly { name: string; description?: string; inputSchema?: unknown }[],
  validators: SchemaValidators,
): Finding[] {
  const findings: Finding[] = [];
  const add = (tool: string, ruleId: string, message: string, severity: Finding["severity"]) => findings.push({ ruleId, severity, message, scanner: "qa", tool });
  const seen = new Set<string>();
  for (const tool of tools) {
    if (!TOOL_NAME.test(tool.name)) add(tool.name, "qa/tool-name", "tool names match ^[A-Za-z0-9_.-]{1,64}$", "medium");
    if (seen.has(tool.name)) add(tool.name, "qa/duplicate-tool", "the same tool name is listed twice", "medium");
    seen.add(tool.name);
    if (!tool.description?.trim()) add(tool.name, "qa/tool-description", "the tool has no description", "low");
    const schema = tool.inputSchema;
    if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
      add(tool.name, "qa/schema-invalid", "inputSchema is not an object", "medium");
      continue;
    }
    const s = schema as { type?: unknown; properties?: Record<string, { description?: unknown }>; required?: unknown };
    if (s.type !== "object") add(tool.name, "qa/schema-type", 'inputSchema.type should be "object"', "medium");
    if (!validators.compile(schema as Record<string, unknown>)) add(tool.name, "qa/schema-invalid", "inputSchema is not a valid JSON Schema", "medium");
    const props = s.properties ?? {};
    if (Array.isArray(s.required)) {
      for (const r of s.required) if (typeof r !== "string" || !(r in props)) add(tool.name, "qa/required-unknown", `required names ${String(r)}, which is not a property`, "medium");
    }
    for (const [name, p] of Object.entries(props)) {
      if (!p || typeof p.description !== "string" || !p.description.trim()) add(tool.name, "qa/param-description", `parameter ${name} has no description`, "low");
    }
  }
  return findings;
}

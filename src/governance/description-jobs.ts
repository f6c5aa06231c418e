import type { PromptDefinition, ResourceDefinition, ToolDefinition } from "./descriptions/definition-texts";
import { atLeast, type Finding, type Severity } from "./findings";
import { SchemaValidators } from "../catalog/schema-validator";
import { scanTool, scanToolList } from "./poisoning";
import { lintToolSchemas } from "./qa";

/**
 * Description analysis as jobs for the scan worker: the term lexicons are hundreds of large
 * Unicode regular expressions whose first use compiles them (a second or more on a busy
 * machine), and a remote or partner decides how much text there is to read, so neither runs on
 * the node's event loop.
 */

/** A remote's live listing, read as registration reads it. */
export interface LiveToolsJob {
  stage: "live-tools";
  tools: ToolDefinition[];
  instructions?: string;
  otherToolNames: string[];
  prompts?: PromptDefinition[];
  resources?: ResourceDefinition[];
}

/** A partner catalog entry as far as the screen reads it. */
export interface ScreenedEntry {
  name: string;
  description?: string;
  server?: string;
  inputSchema?: unknown;
}

/** Partner servers' entries, one group per server: each group is read on its own. */
export interface ScreenJob {
  stage: "screen";
  groups: ScreenedEntry[][];
  failOn: Severity;
}

/** The tool part of a `server.tool` name. */
export function toolName(e: ScreenedEntry): string {
  return e.name.includes(".") ? e.name.slice(e.name.indexOf(".") + 1) : e.name;
}

let validators: SchemaValidators | undefined;

/** A remote's schemas linted (compiled too: a schema can be built to take seconds) and its texts read. */
export function runLiveToolsJob(job: LiveToolsJob): Finding[] {
  validators ??= new SchemaValidators();
  return [...lintToolSchemas(job.tools, validators), ...scanToolList(job.tools, job.instructions, job.otherToolNames, { prompts: job.prompts, resources: job.resources })];
}

/** For each group, the rejected entries' names with the first blocking finding. */
export function runScreenJob(job: ScreenJob): [string, string][][] {
  return job.groups.map((group) => {
    // a workflow hint that names a sibling tool of the same server stays ordinary
    const ctx = { ownToolNames: group.map(toolName) };
    const verdicts: [string, string][] = [];
    for (const e of group) {
      const blocking = scanTool({ name: toolName(e), description: e.description, inputSchema: e.inputSchema }, ctx).find((f) => atLeast(f.severity, job.failOn));
      if (blocking) verdicts.push([e.name, `${blocking.ruleId}: ${blocking.message}`.slice(0, 300)]);
    }
    return verdicts;
  });
}

import type { Finding } from "../findings";
import { scanToolList } from "../poisoning";
import { extractSourceTools, type SourceTool } from "./source-tools";

/**
 * Runs the description checks on the tool definitions declared in a source tree (names,
 * descriptions, parameter names and descriptions), with every tool of the tree as a sibling,
 * and places each finding at the file and line of the tool's declaration.
 */
export function scanSourceTools(files: readonly { file: string; text: string }[]): { findings: Finding[]; tools: number } {
  const tools: SourceTool[] = files.flatMap(({ file, text }) => extractSourceTools(file, text));
  if (tools.length === 0) return { findings: [], tools: 0 };
  const where = new Map<string, SourceTool>();
  for (const t of tools) if (!where.has(t.name)) where.set(t.name, t);
  const findings = scanToolList(tools.map(({ name, title, description, inputSchema }) => ({ name, title, description, inputSchema })))
    .filter((f) => f.ruleId !== "poison/toxic-flow")
    .map((f) => {
      const at = f.tool ? where.get(f.tool) : undefined;
      return { ...f, message: `source tool definition: ${f.message}`, ...(at ? { file: at.file, line: at.line } : {}) };
    });
  return { findings, tools: tools.length };
}

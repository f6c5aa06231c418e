import { scanToolList } from "../../src/governance/poisoning";

/** The rule ids of the blocking (high or critical) findings, each once. */
export function blockingIds(findings: readonly { ruleId: string; severity: string }[]): string[] {
  return [...new Set(findings.filter((f) => f.severity === "high" || f.severity === "critical").map((f) => f.ruleId))];
}

/** A `lookup` tool with one `query` string parameter and the given description. */
export function lookupTool(description: string) {
  return { name: "lookup", description, inputSchema: { type: "object", properties: { query: { type: "string" } } } };
}

/** The blocking rules for a parcel lookup tool whose description ends with `text`. */
export function scanParcelTool(text: string): string[] {
  return blockingIds(scanToolList([lookupTool(`Looks up parcels. ${text}`)]));
}

/** The blocking rules for a tool with one extra string parameter described by `description`. */
export function scanParameter(name: string, description: string, tool: { name?: string; description?: string; otherField?: string } = {}): string[] {
  const other = tool.otherField ? { [tool.otherField]: { type: "string" } } : {};
  return blockingIds(
    scanToolList([{ name: tool.name ?? "lookup", description: tool.description ?? "Looks things up.", inputSchema: { type: "object", properties: { ...other, [name]: { type: "string", description } } } }]),
  );
}

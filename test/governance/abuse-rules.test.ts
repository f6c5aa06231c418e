import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { scanSource } from "../../src/governance/ast-rules";

// Each malicious fixture names, on its first line, the rule that must catch it; benign
// counterparts use the same APIs with bounds, constants or honest descriptions.
const ROOT = join(__dirname, "../fixtures/governance-abuse");
const FAMILIES = /^(exhaustion|injection|mismatch)\//;

function scan(kind: "malicious" | "benign") {
  return readdirSync(join(ROOT, kind)).map((file) => {
    const text = readFileSync(join(ROOT, kind, file), "utf8");
    const expected = text.split("\n")[0].replace(/^(\/\/|#)\s*/, "").trim();
    return { file, expected, ruleIds: scanSource(file, text).map((f) => f.ruleId).filter((id) => FAMILIES.test(id)) };
  });
}

describe("resource exhaustion, template injection and description/code mismatch", () => {
  const malicious = scan("malicious");

  it("has malicious fixtures in JS/TS and Python for every family", () => {
    for (const family of ["exhaustion", "injection", "mismatch"]) {
      expect(malicious.some((m) => m.expected.startsWith(family) && /\.[jt]s$/.test(m.file))).toBe(true);
      expect(malicious.some((m) => m.expected.startsWith(family) && m.file.endsWith(".py"))).toBe(true);
    }
  });

  it.each(malicious.map((m) => [m.file, m] as const))("catches %s", (_file, m) => {
    expect(m.ruleIds).toContain(m.expected);
  });

  it.each(scan("benign").map((b) => [b.file, b] as const))("leaves %s alone", (_file, b) => {
    expect(b.ruleIds).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }

/**
 * Runs axe-core in the page (WCAG 2 A/AA rules) and returns the serious and critical violations.
 * The page must be opened with `bypassCSP`: the console's CSP rightly refuses inline scripts.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const found = (await page.evaluate(`axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })))`)) as AxeViolation[];
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

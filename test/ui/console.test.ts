import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { UI_CSP } from "../../src/ui/ui-router";
import { ADMIN_TOKEN, ROOT, type startListeningNode, waitFor } from "../support/test-node";
import { seriousViolations } from "./axe";
import { chromiumAvailable, launchChromium } from "./browser";
import { PINNED_ELSEWHERE, startConsoleWorld, VIEWER, type ConsoleWorld } from "./console-world";

// The console in Debian's headless Chromium against real nodes and MCP servers (console-world.ts).
// MCPFED_SCREENSHOTS=1 (npm run screenshots) also writes each page to docs/screenshots/.
jest.setTimeout(90_000);
type Listening = Awaited<ReturnType<typeof startListeningNode>>;
const SHOTS = process.env.MCPFED_SCREENSHOTS === "1" ? join(ROOT, "docs/screenshots") : undefined;
const run = chromiumAvailable() ? describe : describe.skip;

run("web console in headless Chromium", () => {
  let world: ConsoleWorld;
  let partner: Listening;
  let rogue: Listening;
  let node: Listening;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;

  beforeAll(async () => {
    world = await startConsoleWorld();
    ({ node, partner, rogue } = world);
    chrome = await launchChromium();
    browser = chrome.browser;
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await chrome?.close();
    await world?.close();
  });

  async function signedIn(token: string, width = 1200, bypassCSP = false): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 800 }, bypassCSP });
    const outside: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(node.url) && !r.url().startsWith("blob:")) outside.push(r.url());
    });
    page.on("close", () => expect(outside).toEqual([]));
    await page.goto(`${node.url}/ui`);
    await page.getByLabel("Access token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Tools" }).waitFor();
    return page;
  }
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  test("when /ui is fetched, then it is served with a strict CSP, and hashed assets are cached for good", async () => {
    const res = await fetch(`${node.url}/ui`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe(UI_CSP);
    expect(UI_CSP).toMatch(/default-src 'self'/);
    expect(UI_CSP).toMatch(/frame-ancestors 'none'/);
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<style|style=/);
    const js = /\/ui\/assets\/(app\.[0-9a-f]{10}\.js)/.exec(html)![0];
    const asset = await fetch(`${node.url}${js}`);
    expect(asset.headers.get("cache-control")).toMatch(/immutable/);
    expect(asset.headers.get("content-type")).toMatch(/javascript/);
    expect((await fetch(`${node.url}/ui/assets/..%2Fpackage.json`)).status).toBe(404);
  });

  test("when a user signs in and types in the search box, then the matching tools show with their schemas", async () => {
    const page = await signedIn(ADMIN_TOKEN);
    expect(await page.evaluate("sessionStorage.getItem('mcpfed.token')")).toBe(ADMIN_TOKEN);
    expect(await page.evaluate("localStorage.length")).toBe(0);
    await page.getByLabel("Search tools").pressSequentially("ping");
    await page.locator("summary", { hasText: "ping" }).first().waitFor();
    await shot(page, "tools");
    await page.locator("summary", { hasText: "ping" }).first().click();
    await page.locator("pre", { hasText: '"type": "object"' }).first().waitFor();
    await page.setViewportSize({ width: 360, height: 740 });
    await shot(page, "tools-phone");
    await page.close();
  });

  test("when a keyboard user tabs from the top, then the skip link and the page links are reached, each with a visible outline", async () => {
    const page = await signedIn(ADMIN_TOKEN);
    await page.reload(); // focus starts at the top of the document
    await page.getByRole("heading", { name: "Tools" }).waitFor();
    const focused = () => page.evaluate("[document.activeElement.textContent.trim(), getComputedStyle(document.activeElement).outlineStyle]");
    await page.keyboard.press("Tab");
    expect(await focused()).toEqual(["Skip to content", "solid"]);
    await page.keyboard.press("Tab");
    expect(await focused()).toEqual(["Tools", "solid"]);
    await page.keyboard.press("Tab");
    expect(await focused()).toEqual(["Servers", "solid"]);
    await page.close();
  });

  test("when tools have performance records, then the scatter marks the Pareto front", async () => {
    const page = await signedIn(ADMIN_TOKEN);
    await page.locator("svg.chart circle.on-front").first().waitFor();
    expect(await page.locator("svg.chart circle").count()).toBe(2);
    expect(await page.locator("svg.chart circle.on-front").count()).toBe(1);
    expect(await page.locator("svg.chart circle.on-front title").textContent()).toMatch(/^local\.ping: 100% success/);
    await page.close();
  });

  test("when a rejected submission is opened, then its findings show grouped by severity", async () => {
    const page = await signedIn(ADMIN_TOKEN);
    await page.getByRole("link", { name: "Submissions" }).click();
    await page.getByLabel("Submission name").fill("calc");
    await page.getByRole("button", { name: "Open report" }).click();
    await page.getByRole("heading", { name: "calc: rejected" }).waitFor();
    await page.getByRole("cell", { name: "poison/hidden-instruction-tag" }).waitFor();
    expect(await page.locator("caption", { hasText: "Findings:" }).count()).toBeGreaterThan(0);
    await shot(page, "submissions");
    await page.close();
  });

  test("when a published submission was quarantined after a re-check, then its live checks and quarantine event show", async () => {
    const page = await signedIn(ADMIN_TOKEN);
    await page.getByRole("link", { name: "Submissions" }).click();
    await page.getByLabel("Submission name").fill("mathx");
    await page.getByRole("button", { name: "Open report" }).click();
    await page.getByRole("heading", { name: "mathx: published" }).waitFor();
    await page.getByRole("heading", { name: "Live-tool checks" }).waitFor();
    expect(await page.locator("#live-stage").textContent()).toMatch(/^Stage live-tools: pass, 0 finding\(s\)/);
    const events = page.getByRole("table", { name: "Quarantine and rug-pull events" });
    await events.getByRole("cell", { name: "mathx.multiply" }).waitFor();
    await events.getByRole("cell", { name: "definition changed" }).waitFor();
    await page.getByRole("table", { name: "Registrations and re-checks" }).getByRole("cell", { name: "mathx@1.0.0" }).waitFor();
    // the re-check that found the changed tool is in the history too
    await page.getByRole("table", { name: "Registrations and re-checks" }).getByRole("cell", { name: "quarantined", exact: true }).waitFor();
    await page.close();
  });

  test("when a submission's live listing has findings, then they are listed apart from the others", async () => {
    const page = await signedIn(ADMIN_TOKEN);
    await page.getByRole("link", { name: "Submissions" }).click();
    await page.getByLabel("Submission name").fill("hollow");
    await page.getByRole("button", { name: "Open report" }).click();
    const live = page.getByRole("table", { name: "Live-tool findings" });
    await live.getByRole("cell", { name: "live/no-tools" }).waitFor();
    expect(await live.getByRole("cell", { name: "poison/hidden-instruction-tag" }).count()).toBe(0);
    expect(await page.getByRole("table", { name: "Quarantine and rug-pull events" }).getByRole("cell", { name: "Nothing to show." }).count()).toBe(1);
    await page.close();
  });

  test("when a tool is opened, then its records over time show as bars with the failures marked", async () => {
    const page = await signedIn(ADMIN_TOKEN);
    await page.getByLabel("Search tools").pressSequentially("add");
    await page.locator("summary", { hasText: "local.add" }).click();
    const chart = page.locator("svg.timeline");
    await chart.waitFor();
    expect(await chart.locator(":scope > title").textContent()).toBe("Calls over time for local.add: 2 call(s), 1 failed");
    expect(await chart.locator("rect.bar-fail").count()).toBe(1);
    expect(await chart.locator("rect.bar-ok").count()).toBe(1);
    await page.close();
  });

  test("when the partner node stops, then the Peers page shows it offline", async () => {
    const page = await signedIn(ADMIN_TOKEN);
    await page.getByRole("link", { name: "Peers" }).click();
    const row = page.getByRole("row", { name: new RegExp(partner.host) });
    await row.getByText("online").waitFor();
    // the trust columns show what GET /peers says, the key shortened with the whole id in its title
    const listed = (await (await fetch(`${node.url}/peers`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json() as { host: string; trust: { status: string; key: string | null } }[]).find((p) => p.host === partner.host)!;
    expect(["verified", "unsigned", "pending", "refused"]).toContain(listed.trust.status);
    await row.getByText(listed.trust.status, { exact: true }).waitFor();
    if (listed.trust.key) {
      const code = row.locator("code");
      expect(await code.getAttribute("title")).toBe(listed.trust.key);
      expect((await code.textContent())!.length).toBeLessThanOrEqual(Math.min(listed.trust.key.length, 15));
    }
    await shot(page, "peers");
    await partner.node.stop();
    await waitFor(async () => (await node.node.engine.refresh(), node.node.engine.peers().find((p) => p.host === partner.host)?.state === "offline"), 15_000, 200);
    await page.reload();
    await page.getByRole("row", { name: new RegExp(partner.host) }).getByText("offline").waitFor();
    await page.close();
  });

  test("when a peer's catalog is not signed by its pinned key, then the Peers page shows it refused with the reason", async () => {
    const page = await signedIn(ADMIN_TOKEN);
    await page.getByRole("link", { name: "Peers" }).click();
    const row = page.getByRole("row", { name: new RegExp(rogue.host) });
    await row.getByText("refused", { exact: true }).waitFor();
    const listed = ((await (await fetch(`${node.url}/peers`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { host: string; trust: { reason: string } }[]).find((p) => p.host === rogue.host)!;
    expect(listed.trust.reason.length).toBeGreaterThan(0);
    await row.getByRole("cell", { name: listed.trust.reason }).waitFor();
    expect(await row.locator("code").textContent()).toBe("AAAAAAAA…AAAAAA");
    expect(await row.locator("code").getAttribute("title")).toBe(PINNED_ELSEWHERE);
    await page.close();
  });

  test("when a token without the admin scope opens admin pages, then access is denied in words", async () => {
    const page = await signedIn(VIEWER);
    for (const name of ["Peers", "Audit", "Servers"]) {
      await page.getByRole("link", { name }).click();
      await page.getByRole("alert").filter({ hasText: "Access denied" }).waitFor();
    }
    await page.close();
  });

  test("when the token is wrong, then the page says to sign in again", async () => {
    const page = await signedIn("not-a-valid-token-000000000000000");
    await page.getByRole("alert").filter({ hasText: "Not signed in" }).waitFor();
    await page.close();
  });

  test("when an admin opens Servers and Audit, then hosted servers and audit entries show", async () => {
    const page = await signedIn(ADMIN_TOKEN);
    await page.getByRole("link", { name: "Servers" }).click();
    await page.getByRole("cell", { name: "local", exact: true }).waitFor();
    const local = page.getByRole("row", { name: /^local / });
    await local.getByText("5 call(s), 1 error(s)").waitFor();
    expect(await local.locator("svg.timeline rect.bar-fail").count()).toBeGreaterThan(0);
    await local.getByRole("cell", { name: "closed", exact: true }).waitFor();
    await shot(page, "servers");
    await page.getByRole("link", { name: "Audit" }).click();
    await page.getByRole("table", { name: "Audit log, newest first" }).waitFor();
    await shot(page, "audit");
    await page.close();
  });

  test("when axe-core checks every page, then it finds no serious or critical accessibility violation", async () => {
    const page = await signedIn(ADMIN_TOKEN, 1200, true);
    const pages: [string, string][] = [["Tools", "svg.chart"], ["Servers", "svg.timeline"], ["Submissions", "#sub-name"], ["Peers", "table"], ["Audit", "table"]];
    for (const [name, ready] of pages) {
      await page.getByRole("link", { name }).click();
      await page.locator(ready).first().waitFor();
      if (name === "Submissions") {
        await page.getByLabel("Submission name").fill("mathx");
        await page.getByRole("button", { name: "Open report" }).click();
        await page.getByRole("heading", { name: "Live-tool checks" }).waitFor();
      }
      expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
    }
    await page.close();
  });
});

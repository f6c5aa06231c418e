import pino from "pino";
import { NodeConfigSchema } from "../../src/config/config-schema";
import { createNode } from "../../src/node/create-node";
import { findConformance, runConformance, type ScenarioResult } from "../support/conformance";
import { startReferenceServer, type ReferenceServer } from "../support/reference-server";
import { tempDir } from "../support/test-node";

const runner = findConformance();
// Outside CI a machine without the suite skips it with a message; CI must run it.
if (typeof runner === "string" && process.env.CI === "true") {
  test("the MCP conformance suite is installed", () => {
    throw new Error(`the MCP conformance suite cannot run: ${runner}`);
  });
}
const describeIfSuite = typeof runner === "string" ? describe.skip : describe;
if (typeof runner === "string") {
  console.warn(`MCP conformance suite skipped: ${runner}`);
}

const passed = (results: ScenarioResult[]) => results.reduce((n, r) => n + r.passed, 0);

describeIfSuite("the official MCP conformance suite (server scenarios)", () => {
  let reference: ReferenceServer;
  let node: Awaited<ReturnType<typeof createNode>>;
  let url: string;
  const temp = tempDir();

  beforeAll(async () => {
    reference = await startReferenceServer();
    // no token on loopback: the suite's client sends none
    const config = NodeConfigSchema.parse({
      node: { name: "conformance", port: 0, db: `${temp.dir}/mcpfed.db`, logLevel: "silent" },
      mcpServers: { ref: { url: reference.url } },
    });
    node = await createNode(config, { logger: pino({ level: "silent" }) });
    url = (await node.listen()).url;
  });
  afterAll(async () => {
    await node?.stop();
    await reference?.close();
    temp.cleanup();
  });

  test("when run against /mcp/<server>, then every check the reference server passes directly passes through the node", async () => {
    if (typeof runner === "string") return;
    const direct = await runConformance(runner, reference.url);
    const fronted = await runConformance(runner, `${url}/mcp/ref`);
      console.log(`conformance: ${passed(direct.results)} checks passed directly, ${passed(fronted.results)} through /mcp/ref`);
    expect(passed(direct.results)).toBeGreaterThanOrEqual(40);
    const through = new Map(fronted.results.map((r) => [r.scenario, r]));
    for (const r of direct.results.filter((d) => d.failed === 0)) {
      expect(through.get(r.scenario) ?? { scenario: r.scenario, missing: true }).toEqual(r);
    }
  }, 300_000);
});

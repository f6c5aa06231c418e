import pino from "pino";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import { createNode, type McpfedNode } from "../../src/node/create-node";
import { startFlakyServer, type FlakyServer } from "../support/flaky-server";
import { buildConfig, tempDir } from "../support/test-node";

const ALICE = "review-fallback-alice-token-000000001";

/**
 * `limits.tools` protects an upstream: a budget for `backup.*` holds whether a caller names a
 * backup tool or reaches it as another tool's fallback. A candidate past its budget is skipped
 * (as a candidate that refuses the call is), and the caller gets the requested tool's error.
 */
describe("call limits on fallback candidates", () => {
  const { dir, cleanup } = tempDir();
  let primary: FlakyServer;
  let backup: FlakyServer;
  let node: McpfedNode;

  beforeAll(async () => {
    primary = await startFlakyServer("A");
    backup = await startFlakyServer("B");
    const config = buildConfig(dir, {
      mcpServers: { primary: { type: "http", url: primary.url }, backup: { type: "http", url: backup.url } },
      tokens: [{ id: "alice", sha256: sha256Hex(ALICE), scopes: ["discover", "execute"] }],
      fallback: { "primary.search": ["backup.search"] },
      limits: { tools: { "backup.*": { perMinute: 2 } } },
    });
    node = await createNode(config, { logger: pino({ level: "silent" }), restartBaseMs: 50 });
    await node.start();
    await primary.kill();
  });
  afterAll(async () => {
    await node?.stop();
    await backup?.kill();
    cleanup();
  });

  const execute = (mcp_name: string, q: string) =>
    request(node.app).post("/execute").set({ authorization: `Bearer ${ALICE}` }).send({ mcp_name, kwargs: { q } });

  test("when the primary is down, then the fallback serves only as many calls as its own tool budget allows", async () => {
    const before = backup.calls.search ?? 0;
    const served: number[] = [];
    for (let i = 0; i < 4; i++) served.push((await execute("primary.search", `q${i}`)).status);
    // two calls within backup.*'s budget, then the requested tool's own failure
    expect(served.slice(0, 2)).toEqual([200, 200]);
    expect(served.slice(2).every((s) => s >= 500)).toBe(true);
    expect((backup.calls.search ?? 0) - before).toBe(2);
    // the budget is the same one a direct call uses
    expect((await execute("backup.search", "direct")).status).toBe(429);
  });
});

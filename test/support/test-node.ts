import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pino from "pino";
import { NodeConfigSchema, SCOPES, type NodeConfigInput } from "../../src/config/config-schema";
import { createNode, type McpfedNode, type NodeOptions } from "../../src/node/create-node";

export const ROOT = resolve(__dirname, "../..");
export const TEST_SERVER = join(ROOT, "test/fixtures/servers/test-server.js");
export const EVERYTHING = join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");

/** A token with every scope, for tests. */
export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

export function tempDir(prefix = "mcpfed-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testServerConfig(extra: Record<string, unknown> = {}) {
  return { command: process.execPath, args: [TEST_SERVER], ...extra };
}

/** Builds a config the way the CLI does (validated by the same schema), with a temp database. */
export function buildConfig(dir: string, overrides: NodeConfigInput = {}) {
  return NodeConfigSchema.parse({
    ...overrides,
    node: { name: "test", port: 0, db: join(dir, "mcpfed.db"), ...(overrides.node ?? {}) },
    sharedToken: overrides.sharedToken ?? ADMIN_TOKEN,
    // tests use the shared token as their admin token; nodes' default is peer scopes only
    sharedTokenScopes: overrides.sharedTokenScopes ?? [...SCOPES],
  });
}

export interface TestNode {
  node: McpfedNode;
  dir: string;
  close(): Promise<void>;
}

/** A node from the composition root on a temp SQLite file; hosted servers connected. */
/** A node from the composition root on a temp SQLite file (or `opts.dir`), not started yet. */
async function buildTestNode(overrides: NodeConfigInput, opts: { dir?: string } & Partial<NodeOptions>): Promise<TestNode> {
  const { dir, ...nodeOptions } = opts;
  const temp = dir ? { dir, cleanup: () => undefined } : tempDir();
  const node = await createNode(buildConfig(temp.dir, overrides), {
    logger: pino({ level: process.env.TEST_LOG ?? "silent" }),
    ...nodeOptions,
    restartBaseMs: nodeOptions.restartBaseMs ?? 50,
  });
  return {
    node,
    dir: temp.dir,
    async close() {
      await node.stop();
      temp.cleanup();
    },
  };
}

export async function startTestNode(
  overrides: NodeConfigInput = {},
  opts: { dir?: string } & Partial<NodeOptions> = {},
): Promise<TestNode> {
  const t = await buildTestNode(overrides, opts);
  await t.node.start();
  return t;
}

export const auth = (token = ADMIN_TOKEN) => ({ Authorization: `Bearer ${token}` });

/** Polls until `check` returns true or the time runs out. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, stepMs = 25): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** A node listening on a loopback port (a real peer for federation tests). */
export async function startListeningNode(
  overrides: NodeConfigInput = {},
  opts: { dir?: string; engine?: NodeOptions["engine"] } = {},
) {
  const t = await buildTestNode(overrides, {
    dir: opts.dir,
    engine: { timeoutMs: 1000, retries: 1, retryBaseMs: 20, failureLimit: 2, probeIntervalMs: 60_000, executeTimeoutMs: 3000, ...opts.engine },
  });
  const http = await t.node.listen();
  return { ...t, url: http.url, host: new URL(http.url).host };
}

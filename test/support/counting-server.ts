import { join } from "node:path";
import { ROOT } from "./test-node";

/** The counting MCP server (stdio): every answer carries the server's call count. */
export const COUNTING_SERVER = join(ROOT, "test/fixtures/servers/counting-server.js");

/** An mcpServers entry running the counting server. */
export function countingServerConfig(extra: Record<string, unknown> = {}) {
  return { command: process.execPath, args: [COUNTING_SERVER], ...extra };
}

/** Fixed one-minute windows: a test that counts calls starts early in a minute. */
export async function startOfMinute(latestMs = 45_000): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > latestMs) await new Promise((r) => setTimeout(r, 60_000 - into + 50));
}

import Database from "better-sqlite3";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Pool } from "undici";
import { tempDir, testServerConfig } from "../support/test-node";
import { spawnNode } from "../support/spawn-cli";

const TOKEN = "durability-token-0123456789abcdef";
const BATCH = 200;

/**
 * A node is killed with SIGKILL while partners stream metadata batches at it. After a restart
 * on the same database every batch that got a 204 is there in full, and no batch is partial.
 */
describe("durability under kill -9", () => {
  test("when the node is killed mid-stream, then every acknowledged batch survives whole and none is partial", async () => {
    const { dir, cleanup } = tempDir();
    const db = join(dir, "node.db");
    // the shared token writes records here, which it may only when configured to
    const config = join(dir, "scopes.json");
    writeFileSync(config, JSON.stringify({ sharedTokenScopes: ["metadata:write", "metadata:read"] }));
    try {
      const node = await spawnNode(["--db", db, "--config", config, "--log-level", "warn"], { MCP_FEDERATION_TOKEN: TOKEN });
      const pool = new Pool(node.url, { connections: 4 });
      const acknowledged = new Set<number>();
      let sent = 0;
      const sender = async (lane: number) => {
        for (let i = lane; ; i += 4) {
          const body = JSON.stringify(Array.from({ length: BATCH }, (_, k) => ({ mcp_name: `batch${i}.t`, success: k % 2 === 0, latency_ms: k })));
          sent++;
          try {
            const res = await pool.request({
              path: "/metadata",
              method: "POST",
              body,
              headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
              headersTimeout: 5000,
              bodyTimeout: 5000,
            });
            await res.body.text();
            if (res.statusCode === 204) acknowledged.add(i);
          } catch {
            return; // the node is gone
          }
        }
      };
      const lanes = [0, 1, 2, 3].map(sender);
      await new Promise((r) => setTimeout(r, 700 + Math.random() * 500));
      node.child.kill("SIGKILL");
      await node.exited;
      await Promise.all(lanes);
      await pool.destroy();
      expect(acknowledged.size).toBeGreaterThan(5);

      // restart on the same database: it must open (WAL recovery) and serve
      const again = await spawnNode(["--db", db, "--config", config, "--log-level", "warn"], { MCP_FEDERATION_TOKEN: TOKEN });
      again.child.kill("SIGTERM");
      expect(await again.exited).toBe(0);

      const sqlite = new Database(db, { readonly: true });
      const counts = new Map(
        (sqlite.prepare("SELECT mcp_name, count(*) AS n FROM records GROUP BY mcp_name").all() as { mcp_name: string; n: number }[]).map((r) => [r.mcp_name, r.n]),
      );
      sqlite.close();
      for (const i of acknowledged) expect(counts.get(`batch${i}.t`)).toBe(BATCH);
      for (const [, n] of counts) expect(n).toBe(BATCH);
      expect(sent).toBeGreaterThan(acknowledged.size);
    } finally {
      cleanup();
    }
  }, 60_000);

  /**
   * Execution records are telemetry, written in batches at most 100 ms after a call: a kill -9
   * may lose the calls answered in that last window, never older ones.
   */
  test("when the node is killed while answering tool calls, then every call answered more than 200 ms before the kill has its record", async () => {
    const { dir, cleanup } = tempDir();
    const db = join(dir, "node.db");
    const config = join(dir, "node.json");
    writeFileSync(config, JSON.stringify({ mcpServers: { test: testServerConfig() }, limits: { requestsPerMinute: 1_000_000 } }));
    try {
      const node = await spawnNode(["--db", db, "--config", config, "--log-level", "warn"], { MCP_FEDERATION_TOKEN: TOKEN });
      const pool = new Pool(node.url, { connections: 8 });
      const answeredAt: number[] = [];
      let sent = 0;
      const lanes = Array.from({ length: 8 }, () => callUntilGone(pool, () => sent++, (at) => answeredAt.push(at)));
      await new Promise((r) => setTimeout(r, 700 + Math.random() * 500));
      const killedAt = performance.now();
      node.child.kill("SIGKILL");
      await node.exited;
      await Promise.all(lanes);
      await pool.destroy();
      const early = answeredAt.filter((at) => at < killedAt - 200).length;
      expect(early).toBeGreaterThan(20);

      const n = countPings(db);
      expect(n).toBeGreaterThanOrEqual(early);
      expect(n).toBeLessThanOrEqual(sent);
    } finally {
      cleanup();
    }
  }, 60_000);

  test("when calls stop, then their records are in the database within the batch window, with no read through the node", async () => {
    const { dir, cleanup } = tempDir();
    const db = join(dir, "node.db");
    const config = join(dir, "node.json");
    writeFileSync(config, JSON.stringify({ mcpServers: { test: testServerConfig() }, limits: { requestsPerMinute: 1_000_000 } }));
    try {
      const node = await spawnNode(["--db", db, "--config", config, "--log-level", "warn"], { MCP_FEDERATION_TOKEN: TOKEN });
      const pool = new Pool(node.url, { connections: 4 });
      let answered = 0;
      const stop = { at: performance.now() + 500 };
      await Promise.all(Array.from({ length: 4 }, () => callUntilGone(pool, () => performance.now() < stop.at, () => answered++)));
      const lastAnswer = performance.now();
      // another process's view of the file: only what the node committed
      let n = countPings(db);
      while (n < answered && performance.now() - lastAnswer < 2000) {
        await new Promise((r) => setTimeout(r, 10));
        n = countPings(db);
      }
      const lag = performance.now() - lastAnswer;
      await pool.destroy();
      node.child.kill("SIGTERM");
      await node.exited;
      expect(answered).toBeGreaterThan(10);
      expect(n).toBe(answered);
      // 100 ms batches, with room for a loaded machine
      expect(lag).toBeLessThan(600);
    } finally {
      cleanup();
    }
  }, 60_000);
});

/** Calls test.ping while `go()` is true (or until the node is gone), noting each answer's time. */
async function callUntilGone(pool: Pool, go: () => unknown, answered: (at: number) => void): Promise<void> {
  while (go() !== false) {
    try {
      const res = await pool.request({
        path: "/execute",
        method: "POST",
        body: JSON.stringify({ mcp_name: "test.ping" }),
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        headersTimeout: 5000,
        bodyTimeout: 5000,
      });
      await res.body.text();
      if (res.statusCode === 200) answered(performance.now());
    } catch {
      return; // the node is gone
    }
  }
}

function countPings(db: string): number {
  const sqlite = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return (sqlite.prepare("SELECT count(*) AS n FROM records WHERE mcp_name = 'test.ping'").get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

import Database from "better-sqlite3";
import { join } from "node:path";
import { Pool } from "undici";
import { tempDir } from "../support/test-node";
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
    try {
      const node = await spawnNode(["--db", db, "--log-level", "warn"], { MCP_FEDERATION_TOKEN: TOKEN });
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
      const again = await spawnNode(["--db", db, "--log-level", "warn"], { MCP_FEDERATION_TOKEN: TOKEN });
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
});

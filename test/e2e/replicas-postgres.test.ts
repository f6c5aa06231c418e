import { writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { Pool } from "undici";
import { describePostgres } from "../store/contract/adapters";
import { spawnNode, type SpawnedNode } from "../support/spawn-cli";
import { tempDir, waitFor } from "../support/test-node";

const TOKEN = "replicas-token-0123456789abcdef";
const BATCH = 100;
const headers = { "content-type": "application/json", authorization: `Bearer ${TOKEN}` };

/**
 * Three `mcpfed start` processes on one fresh PostgreSQL database (migrating it together). One
 * is killed with SIGKILL while partners stream metadata at it: every batch it acknowledged is
 * stored whole, none is partial, and the other two keep serving and sharing state.
 */
describePostgres("three replicas as real processes", ({ server }) => {
  const nodes: SpawnedNode[] = [];
  const temp = tempDir();
  afterAll(async () => {
    temp.cleanup();
    for (const n of nodes) if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill("SIGKILL");
    await Promise.all(nodes.map((n) => n.exited));
  });

  test("when a replica is killed mid-stream, then nothing it acknowledged is lost and the others serve on", async () => {
    const db = await server().createDatabase();
    // the shared token also uploads records and manages peers here
    const config = join(temp.dir, "node.json");
    writeFileSync(config, JSON.stringify({ sharedTokenScopes: ["discover", "execute", "metadata:read", "metadata:write", "admin"] }));
    const args = ["--config", config, "--db", db, "--log-level", "warn"];
    nodes.push(...(await Promise.all([0, 1, 2].map(() => spawnNode(args, { MCP_FEDERATION_TOKEN: TOKEN }, 30_000)))));
    const [victim, second, third] = nodes;

    const pool = new Pool(victim.url, { connections: 4 });
    const acknowledged = new Set<number>();
    let sent = 0;
    const sender = async (lane: number) => {
      for (let i = lane; ; i += 4) {
        const body = JSON.stringify(Array.from({ length: BATCH }, (_, k) => ({ mcp_name: `batch${i}.t`, success: k % 2 === 0, latency_ms: k })));
        sent++;
        try {
          const res = await pool.request({ path: "/metadata", method: "POST", body, headers, headersTimeout: 5000, bodyTimeout: 5000 });
          await res.body.text();
          if (res.statusCode === 204) acknowledged.add(i);
        } catch {
          return; // the replica is gone
        }
      }
    };
    const lanes = [0, 1, 2, 3].map(sender);
    await new Promise((r) => setTimeout(r, 700 + Math.random() * 500));
    victim.child.kill("SIGKILL");
    await victim.exited;
    await Promise.all(lanes);
    await pool.destroy();
    expect(acknowledged.size).toBeGreaterThan(5);

    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      const { rows } = await client.query<{ mcp_name: string; n: number }>("SELECT mcp_name, count(*)::int AS n FROM records GROUP BY mcp_name");
      const counts = new Map(rows.map((r) => [r.mcp_name, r.n]));
      for (const i of acknowledged) expect(counts.get(`batch${i}.t`)).toBe(BATCH);
      for (const [, n] of counts) expect(n).toBe(BATCH);
      expect(sent).toBeGreaterThan(acknowledged.size);
    } finally {
      await client.end();
    }

    // the survivors serve, and what one stores the other reads
    const post = await fetch(`${second.url}/metadata`, { method: "POST", headers, body: JSON.stringify([{ mcp_name: "after.kill", success: true, latency_ms: 3 }]) });
    expect(post.status).toBe(204);
    const read = await fetch(`${third.url}/metadata?mcp_name=after.kill`, { headers });
    expect(await read.json()).toEqual([expect.objectContaining({ mcp_name: "after.kill", success: true })]);

    // a peer added on one survivor is followed by the other within 2 s
    const added = await fetch(`${second.url}/peers`, { method: "POST", headers, body: JSON.stringify({ url: "http://127.0.0.1:9" }) });
    expect(added.status).toBe(201);
    await waitFor(async () => ((await (await fetch(`${third.url}/peers`, { headers })).json()) as { host: string }[]).some((p) => p.host === "127.0.0.1:9"), 2_000);
  }, 90_000);
});

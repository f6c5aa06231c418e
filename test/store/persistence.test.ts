import request from "supertest";
import Database from "better-sqlite3";
import { join } from "node:path";
import { MIGRATIONS } from "../../src/store/migrations";
import { openDatabase } from "../../src/store/database";
import { auth, startTestNode, tempDir, testServerConfig } from "../support/test-node";

describe("persistence", () => {
  test("when the node restarts on the same database, then records and the catalog are still there", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = await startTestNode({ mcpServers: { test: testServerConfig() } }, { dir });
      expect((await request(first.node.app).post("/execute").set(auth()).send({ mcp_name: "test.ping" })).status).toBe(200);
      expect(
        (await request(first.node.app).post("/metadata").set(auth()).send([{ mcp_name: "p.q", success: true, latency_ms: 1 }])).status,
      ).toBe(204);
      await first.close();

      // the hosted server is gone from the config: its tools go with it, the records stay
      const second = await startTestNode({ mcpServers: {} }, { dir });
      const rows = (await request(second.node.app).get("/metadata").set(auth())).body;
      expect(rows.map((r: { mcp_name: string }) => r.mcp_name).sort()).toEqual(["p.q", "test.ping"]);
      expect(second.node.catalog.size).toBe(0);
      await second.close();

      // catalog entries persist while their server is configured, even before it connects
      const third = await startTestNode({ mcpServers: { test: testServerConfig() } }, { dir });
      await third.close();
      const fourth = await startTestNode({ mcpServers: { test: { command: "/nonexistent/binary" } } }, { dir });
      expect(fourth.node.catalog.get("test.ping")).toBeDefined();
      expect(fourth.node.hosted.status().test.state).toBe("restarting");
      await fourth.close();
    } finally {
      cleanup();
    }
  });

  test("when the database is opened, then it is in WAL mode at the latest schema version, idempotently", () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, "x.db");
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(/newer than this mcpfed/);
    cleanup();
  });
});

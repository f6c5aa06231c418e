import { writeFileSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import pino from "pino";
import request from "supertest";
import { errorMiddleware } from "../../../src/node/error-middleware";
import { createSqliteStores, type SqliteStores } from "../../../src/store/sqlite/sqlite-stores";
import { auth, startTestNode, tempDir, testServerConfig, type TestNode } from "../../support/test-node";

/** Guards issue 12: "a write that fails for lack of disk space is a generic 500". */
describe("a full database", () => {
  let t: TestNode;
  let stores: SqliteStores;
  const temp = tempDir();
  beforeAll(async () => {
    // the test's own SQLite stores: it needs the handle to cap the file, the node only the ports
    stores = createSqliteStores(join(temp.dir, "full.db"));
    t = await startTestNode({ mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) } }, { stores });
  });
  afterAll(async () => {
    await t.close();
    await stores.close();
    temp.cleanup();
  });

  /** SQLite's own limit: past max_page_count every write fails with SQLITE_FULL, as on a full disk. */
  const fillUp = () => {
    const pages = stores.db.pragma("page_count", { simple: true }) as number;
    stores.db.pragma(`max_page_count = ${pages}`);
  };

  test("when the database is full, then writes are 507 problems with Retry-After, nothing is stored, and /healthz answers", async () => {
    fillUp();
    const before = await t.node.records.count();
    const records = Array.from({ length: 1000 }, (_, i) => ({ mcp_name: "test.ping", success: i % 2 === 0, latency_ms: i }));
    const upload = await request(t.node.app).post("/metadata").set(auth()).send(records);
    expect(upload.status).toBe(507);
    expect(upload.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(upload.body).toMatchObject({ status: 507, type: "urn:mcpfed:problem:insufficient-storage", title: "Insufficient Storage" });
    expect(Number(upload.headers["retry-after"])).toBeGreaterThan(0);
    expect(await t.node.records.count()).toBe(before);

    const health = await request(t.node.app).get("/healthz");
    expect(health.status).toBe(200);
    expect(health.body.status).toBe("ok");
    // a rejected token is still a 401 even though its audit entry cannot be written
    expect((await request(t.node.app).get("/discover").set(auth("not-the-token-at-all-0000"))).status).toBe(401);
  });
});

describe("a full file system", () => {
  test("when a write fails with ENOSPC, then 507, not 500", async () => {
    const app = express();
    app.post("/write", () => {
      writeFileSync("/dev/full", "x".repeat(10_000)); // Linux: always ENOSPC
    });
    app.use(errorMiddleware(pino({ level: "silent" })));
    const res = await request(app).post("/write");
    expect(res.status).toBe(507);
    expect(res.body.type).toBe("urn:mcpfed:problem:insufficient-storage");
  });
});

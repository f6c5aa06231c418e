import pino from "pino";
import request from "supertest";
import { createNode, type McpfedNode } from "../../src/node/create-node";
import { auth, buildConfig, tempDir } from "../support/test-node";

/** `POST /admin/reload` takes new limits: `limits.ipPerMinute` too (set, changed, removed). */
describe("limits.ipPerMinute on reload", () => {
  const { dir, cleanup } = tempDir();
  let node: McpfedNode;
  let current = buildConfig(dir, {});

  beforeAll(async () => {
    node = await createNode(current, { logger: pino({ level: "silent" }), reloadConfig: () => current });
    await node.start();
  });
  afterAll(async () => {
    await node?.stop();
    cleanup();
  });

  /** Waits past the start of a minute when fewer than 5 s of it are left (fixed windows). */
  const freshWindow = async () => {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 5_000) await new Promise((r) => setTimeout(r, left + 50));
  };
  const anonymous = async (n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await request(node.app).get("/healthz")).status);
    return out;
  };
  const reload = async (ipPerMinute: number | undefined) => {
    current = buildConfig(dir, ipPerMinute === undefined ? {} : { limits: { ipPerMinute } });
    expect((await request(node.app).post("/admin/reload").set(auth())).status).toBe(200);
  };

  test("when the limit is set, raised and removed by reloads, then anonymous requests follow each new value", async () => {
    await freshWindow();
    expect(await anonymous(3)).toEqual([200, 200, 200]);
    await reload(4);
    // the count carries over: 3 seen (those before the limit existed may or may not count), at most 4
    const limited = await anonymous(6);
    expect(limited.slice(-2)).toEqual([429, 429]);
    await reload(1000);
    expect(await anonymous(2)).toEqual([200, 200]);
    await reload(undefined);
    expect(await anonymous(2)).toEqual([200, 200]);
  });
});

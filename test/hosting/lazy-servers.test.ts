import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import pino from "pino";
import request from "supertest";
import { createNode, type McpfedNode } from "../../src/node/create-node";
import { ADMIN_TOKEN, auth, buildConfig, tempDir, testServerConfig, waitFor } from "../support/test-node";

/** The pids the test server wrote, one per start. */
const starts = (file: string): number[] => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number) : []);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const lazyConfig = (pidFile: string, extra: Record<string, unknown> = {}) =>
  testServerConfig({ tools: { include: ["ping", "sleep"] }, lazy: true, idleTimeout: "600ms", env: { TEST_SERVER_PID_FILE: pidFile }, ...extra });

async function health(node: McpfedNode): Promise<{ status: string; servers: Record<string, { state: string; tools: number; lazy?: { idleTimeoutMs: number } }> }> {
  const res = await request(node.app).get("/healthz").set(auth());
  expect(res.status).toBe(200);
  return res.body as never;
}

const call = (node: McpfedNode, name: string, kwargs: Record<string, unknown> = {}) => request(node.app).post("/execute").set(auth()).send({ mcp_name: name, kwargs });

describe("lazy servers", () => {
  test("when a server is lazy, then it is not running after boot, starts on a call, stops after idleTimeout and starts again on the next call", async () => {
    const { dir, cleanup } = tempDir();
    const pidFile = join(dir, "pids");
    let config = buildConfig(dir, { mcpServers: { lazy: lazyConfig(pidFile) } });
    let node = await createNode(config, { logger: pino({ level: "silent" }), reloadConfig: () => config });
    try {
      // first boot, nothing listed yet: started once to list its tools, then stopped
      await node.start();
      expect(starts(pidFile)).toHaveLength(1);
      await waitFor(() => !alive(starts(pidFile)[0]), 5000);
      let h = await health(node);
      expect(h.servers.lazy).toMatchObject({ state: "idle", tools: 2, lazy: { idleTimeoutMs: 600 } });
      expect(h.status).toBe("ok");
      const listed = await request(node.app).get("/discover").set(auth());
      expect(listed.body.map((e: { name: string }) => e.name).sort()).toEqual(["lazy.ping", "lazy.sleep"]);

      // the first call starts it
      const first = await call(node, "lazy.ping");
      expect(first.status).toBe(200);
      expect(first.body.result.content[0].text).toBe("pong");
      expect(starts(pidFile)).toHaveLength(2);
      const running = starts(pidFile)[1];
      expect(alive(running)).toBe(true);
      expect((await health(node)).servers.lazy.state).toBe("ready");

      // a call that outlasts idleTimeout keeps it running: no stop while a call runs
      const long = await call(node, "lazy.sleep", { ms: 900 });
      expect(long.status).toBe(200);
      expect(alive(running)).toBe(true);

      // no call for idleTimeout: stopped, process gone
      await waitFor(async () => (await health(node)).servers.lazy.state === "idle", 5000, 50);
      await waitFor(() => !alive(running), 5000);

      // concurrent calls on an idle server start one process
      const again = await Promise.all([call(node, "lazy.ping"), call(node, "lazy.ping"), call(node, "lazy.ping")]);
      expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(starts(pidFile)).toHaveLength(3);
      expect(alive(starts(pidFile)[2])).toBe(true);
      await node.stop();

      // second boot on the same store: the listing is known, so the server is not started at all
      node = await createNode(config, { logger: pino({ level: "silent" }), reloadConfig: () => config });
      await node.start();
      await new Promise((r) => setTimeout(r, 300));
      expect(starts(pidFile)).toHaveLength(3);
      h = await health(node);
      expect(h.servers.lazy).toMatchObject({ state: "idle", tools: 2 });
      // /mcp lists its tools whole (annotations included) from the stored listing, without starting it
      const { url } = await node.listen();
      const client = new Client({ name: "lazy-test", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } }));
      const ping = (await client.listTools()).tools.find((t) => t.name.endsWith("ping"));
      expect(ping?.annotations?.readOnlyHint).toBe(true);
      expect(starts(pidFile)).toHaveLength(3);
      const viaMcp = (await client.callTool({ name: ping!.name, arguments: {} })) as CallToolResult;
      expect(viaMcp.content[0]).toEqual({ type: "text", text: "pong" });
      expect(starts(pidFile)).toHaveLength(4);
      await client.close();

      // reloadable: without `lazy` the server runs and stays running
      config = buildConfig(dir, { mcpServers: { lazy: lazyConfig(pidFile, { lazy: false }) } });
      const reloaded = await request(node.app).post("/admin/reload").set(auth());
      expect(reloaded.status).toBe(200);
      expect(reloaded.body.servers.restarted).toEqual(["lazy"]);
      h = await health(node);
      expect(h.servers.lazy.state).toBe("ready");
      expect(h.servers.lazy.lazy).toBeUndefined();
      const eager = starts(pidFile)[4];
      await new Promise((r) => setTimeout(r, 1000));
      expect(alive(eager)).toBe(true);
      expect((await health(node)).servers.lazy.state).toBe("ready");
    } finally {
      await node.stop();
      cleanup();
    }
  }, 60_000);

  test.each([
    [{ lazy: "yes" }, "lazy"],
    [{ lazy: true, idleTimeout: "soon" }, "idleTimeout"],
  ])("when a server has %j, then the configuration is refused", (extra, key) => {
    const { dir, cleanup } = tempDir();
    try {
      expect(() => buildConfig(dir, { mcpServers: { s: testServerConfig(extra) } })).toThrow(new RegExp(key));
    } finally {
      cleanup();
    }
  });
});

import pino from "pino";
import request from "supertest";
import { NodeConfigSchema, type NodeConfigInput } from "../../src/config/config-schema";
import { retriesAllowed, withRetries } from "../../src/hosting/call-retry";
import { createNode, type McpfedNode } from "../../src/node/create-node";
import { startFlakyServer, type FlakyServer } from "../support/flaky-server";
import { auth, buildConfig, tempDir } from "../support/test-node";

describe("withRetries", () => {
  const failing = () => {
    const calls: number[] = [];
    const attempt = async (ms: number): Promise<never> => {
      calls.push(ms);
      throw new Error("down");
    };
    return { calls, attempt };
  };

  test("when attempts keep failing, then it tries retries + 1 times and throws the last error", async () => {
    const f = failing();
    await expect(withRetries({ retries: 2, timeoutMs: 5000, baseMs: 1, maxMs: 2 }, f.attempt, () => true)).rejects.toThrow("down");
    expect(f.calls).toHaveLength(3);
  });

  test("when the error is not retryable, then it tries once", async () => {
    const f = failing();
    await expect(withRetries({ retries: 5, timeoutMs: 5000, baseMs: 1 }, f.attempt, () => false)).rejects.toThrow("down");
    expect(f.calls).toHaveLength(1);
  });

  test("when the call's timeout runs out, then no further attempt starts and each got what was left", async () => {
    const f = failing();
    const started = Date.now();
    await expect(withRetries({ retries: 10, timeoutMs: 300, baseMs: 100, maxMs: 100 }, f.attempt, () => true)).rejects.toThrow("down");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(f.calls.length).toBeGreaterThan(1);
    expect(f.calls.length).toBeLessThan(6);
    expect(f.calls[0]).toBeLessThanOrEqual(300);
    expect(f.calls[1]).toBeLessThan(f.calls[0]);
  });

  test("when the caller hangs up during the wait, then it stops at once", async () => {
    const f = failing();
    const hangUp = new AbortController();
    setTimeout(() => hangUp.abort(), 30);
    await expect(withRetries({ retries: 3, timeoutMs: 5000, baseMs: 2000, maxMs: 2000, signal: hangUp.signal }, f.attempt, () => true)).rejects.toThrow("down");
    expect(f.calls).toHaveLength(1);
  });

  test.each([
    [{ readOnlyHint: true }, true],
    [{ idempotentHint: true }, true],
    [{ readOnlyHint: false, destructiveHint: false }, false],
    [undefined, false],
  ])("when a tool is annotated %j, then retries allowed is %s", (annotations, expected) => {
    expect(retriesAllowed({ name: "t", inputSchema: { type: "object" }, annotations })).toBe(expected);
  });
});

describe("per-server retries, breaker and timeout on a node", () => {
  const { dir, cleanup } = tempDir();
  let retried: FlakyServer;
  let broken: FlakyServer;
  let slow: FlakyServer;
  let node: McpfedNode;
  let current: ReturnType<typeof buildConfig>;
  const config = (over: { retries?: number; failures?: number; timeout?: string } = {}): NodeConfigInput => ({
    mcpServers: {
      r: { type: "http", url: retried.url, retries: over.retries ?? 2 },
      b: { type: "http", url: broken.url, breaker: { failures: over.failures ?? 2, openFor: "1500ms" } },
      t: { type: "http", url: slow.url, timeout: over.timeout ?? "300ms" },
    },
  });

  beforeAll(async () => {
    [retried, broken, slow] = await Promise.all([startFlakyServer("R"), startFlakyServer("B"), startFlakyServer("T")]);
    current = buildConfig(dir, config());
    node = await createNode(current, { logger: pino({ level: "silent" }), reloadConfig: () => current });
    await node.start();
  });
  afterAll(async () => {
    await node?.stop();
    await Promise.all([retried, broken, slow].map((s) => s?.kill()));
    cleanup();
  });

  const execute = (mcp_name: string, kwargs: Record<string, unknown>) => request(node.app).post("/execute").set(auth()).send({ mcp_name, kwargs });
  const reload = async (over: Parameters<typeof config>[0]) => {
    current = buildConfig(dir, config(over));
    await request(node.app).post("/admin/reload").set(auth()).expect(200);
  };

  test("when a read-only tool's server fails once, then the call is retried and succeeds", async () => {
    retried.failNext = 1;
    const res = await execute("r.search", { q: "a" });
    expect(res.status).toBe(200);
    expect(res.body.result.content[0].text).toBe("R:search:a");
    expect(retried.calls.search).toBe(2);
  });

  test("when an idempotent tool's server fails twice, then two retries serve it", async () => {
    retried.failNext = 2;
    const res = await execute("r.lookup", { q: "b" });
    expect(res.status).toBe(200);
    expect(retried.calls.lookup).toBe(3);
  });

  test("when a tool is neither read-only nor idempotent, then it is called exactly once", async () => {
    retried.failNext = 1;
    const res = await execute("r.write", { q: "c" });
    expect(res.status).toBe(502);
    expect(retried.calls.write).toBe(1);
    retried.failNext = 0;
  });

  test("when every retry fails, then the server saw retries + 1 calls and the caller a 502", async () => {
    const before = retried.calls.search ?? 0;
    retried.failNext = 10;
    const res = await execute("r.search", { q: "d" });
    expect(res.status).toBe(502);
    expect(retried.calls.search).toBe(before + 3);
    retried.failNext = 0;
  });

  test("when the breaker's failures are reached, then calls get 503 without reaching the server until openFor passed", async () => {
    broken.failNext = 100;
    expect((await execute("b.search", { q: "x" })).status).toBe(502);
    expect((await execute("b.search", { q: "x" })).status).toBe(502);
    expect(broken.calls.search).toBe(2);
    const refused = await execute("b.search", { q: "x" });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(refused.body.detail).toMatch(/circuit/);
    expect(broken.calls.search).toBe(2);
    broken.failNext = 0;
    await new Promise((r) => setTimeout(r, 1600));
    const probe = await execute("b.search", { q: "y" });
    expect(probe.status).toBe(200);
    expect(broken.calls.search).toBe(3);
  });

  test("when a call outlasts the server's timeout, then it is a 504", async () => {
    const started = Date.now();
    const res = await execute("t.slow", { ms: 1500 });
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(1400);
  });

  test("when timeout, retries and breaker are reloaded, then the new values apply", async () => {
    await reload({ timeout: "3s", retries: 0, failures: 1 });
    expect((await execute("t.slow", { ms: 600 })).status).toBe(200);
    const before = retried.calls.search ?? 0;
    retried.failNext = 1;
    expect((await execute("r.search", { q: "e" })).status).toBe(502);
    expect(retried.calls.search).toBe(before + 1);
    retried.failNext = 0;
    broken.failNext = 1;
    expect((await execute("b.search", { q: "z" })).status).toBe(502);
    expect((await execute("b.search", { q: "z" })).status).toBe(503);
  });
});

describe("retries and breaker in the config", () => {
  const parse = (server: Record<string, unknown>) => NodeConfigSchema.safeParse({ mcpServers: { s: { url: "http://127.0.0.1:9/mcp", ...server } } });

  test.each([
    [{ retries: 2, breaker: { failures: 3, openFor: "5s" }, timeout: "2s" }, true],
    [{ retries: -1 }, false],
    [{ retries: 11 }, false],
    [{ retries: 1.5 }, false],
    [{ breaker: { failures: 0 } }, false],
    [{ breaker: { openFor: "soon" } }, false],
    [{ breaker: { failures: 2, extra: 1 } }, false],
  ])("when a server has %j, then the config is accepted: %s", (server, ok) => {
    expect(parse(server).success).toBe(ok);
  });

  test("when openFor is a duration, then it is parsed to milliseconds", () => {
    const parsed = parse({ breaker: { openFor: "1m" } });
    expect(parsed.success && parsed.data.mcpServers.s.breaker).toEqual({ openFor: 60_000 });
  });
});

describe("retries while a server comes back", () => {
  const { dir, cleanup } = tempDir();
  let server: FlakyServer;
  let node: McpfedNode;

  beforeAll(async () => {
    server = await startFlakyServer("K");
    node = await createNode(buildConfig(dir, { mcpServers: { k: { type: "http", url: server.url, retries: 6, timeout: "5s" } } }), {
      logger: pino({ level: "silent" }),
      restartBaseMs: 20,
    });
    await node.start();
  });
  afterAll(async () => {
    await node?.stop();
    await server?.kill().catch(() => undefined);
    cleanup();
  });

  test("when the server is gone at the call and back soon after, then a read-only call is retried until it answers", async () => {
    await server.kill();
    const back = new Promise<void>((resolve) => setTimeout(() => void server.revive().then(resolve), 150));
    const res = await request(node.app).post("/execute").set(auth()).send({ mcp_name: "k.search", kwargs: { q: "back" } });
    await back;
    expect(res.status).toBe(200);
    expect(res.body.result.content[0].text).toBe("K:search:back");
  });

  test("when a read-only call arrives while the server is reconnecting, then it waits for it within its timeout", async () => {
    await server.kill();
    // a plain tool finds the server gone: not retried, and the node starts reconnecting
    expect((await request(node.app).post("/execute").set(auth()).send({ mcp_name: "k.write", kwargs: { q: "gone" } })).status).toBe(502);
    expect(node.hosted.status().k.state).toBe("restarting");
    const back = new Promise<void>((resolve) => setTimeout(() => void server.revive().then(resolve), 150));
    const res = await request(node.app).post("/execute").set(auth()).send({ mcp_name: "k.search", kwargs: { q: "waited" } });
    await back;
    expect(res.status).toBe(200);
    expect(res.body.result.content[0].text).toBe("K:search:waited");
  });

  test("when the same happens to a tool that is not idempotent, then the caller gets the failure", async () => {
    await server.kill();
    const back = new Promise<void>((resolve) => setTimeout(() => void server.revive().then(resolve), 150));
    const res = await request(node.app).post("/execute").set(auth()).send({ mcp_name: "k.write", kwargs: { q: "no" } });
    await back;
    expect(res.status).toBe(502);
    expect(server.calls.write ?? 0).toBe(0);
  });
});

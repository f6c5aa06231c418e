import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { sha256Hex } from "../../src/auth/tokens";
import pino from "pino";
import { FederatedEngine } from "../../src/engine";
import { createNode } from "../../src/node/create-node";
import { ADMIN_TOKEN, auth, buildConfig, startTestNode, tempDir, testServerConfig, waitFor } from "../support/test-node";

const PARTNER = "partner-hardening-token-000000000001";
const OTHER = "other-hardening-token-0000000000002";

describe("observability", () => {
  test("when requests and executions happen, then /metrics shows them in Prometheus format", async () => {
    const t = await startTestNode({ mcpServers: { test: testServerConfig() } });
    try {
      await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "test.ping" });
      await request(t.node.app).get("/discover");
      const res = await request(t.node.app).get("/metrics");
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toMatch(/text\/plain/);
      expect(res.text).toMatch(/mcpfed_http_requests_total\{method="POST",route="\/execute",status="200"\} 1/);
      expect(res.text).toMatch(/mcpfed_tool_executions_total\{tool="test.ping",outcome="success"\} 1/);
      expect(res.text).toMatch(/mcpfed_tool_execution_duration_seconds_bucket\{le="[0-9.]+",tool="test.ping",outcome="success"\}/);
      expect(res.text).toMatch(/mcpfed_auth_failures_total\{reason="missing-token"\} 1/);
      expect(res.text).toMatch(/mcpfed_hosted_server_restarts\{server="test"\} 0/);
      expect(res.text).toMatch(/mcpfed_process_resident_memory_bytes/);
    } finally {
      await t.close();
    }
  });

  test("when metricsAuth is set, then /metrics needs a token with the metrics scope", async () => {
    const t = await startTestNode({ node: { metricsAuth: true }, tokens: [{ id: "p", sha256: sha256Hex(PARTNER), scopes: ["discover"] }] });
    try {
      expect((await request(t.node.app).get("/metrics")).status).toBe(401);
      expect((await request(t.node.app).get("/metrics").set(auth(PARTNER))).status).toBe(403);
      expect((await request(t.node.app).get("/metrics").set(auth())).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  test("when a request carries X-Request-Id, then it is echoed; a malformed one is replaced", async () => {
    const t = await startTestNode({});
    try {
      const echoed = await request(t.node.app).get("/healthz").set("X-Request-Id", "abc-123");
      expect(echoed.headers["x-request-id"]).toBe("abc-123");
      const replaced = await request(t.node.app).get("/healthz").set("X-Request-Id", "bad id with spaces");
      expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await t.close();
    }
  });

  test("when security-relevant events happen, then the audit trail has who, what, when and outcome", async () => {
    const t = await startTestNode({ tokens: [{ id: "partner", sha256: sha256Hex(PARTNER), scopes: ["discover"] }] });
    try {
      await request(t.node.app).get("/discover").set(auth("wrong-token"));
      await request(t.node.app).post("/admin/reload").set(auth());
      expect((await request(t.node.app).get("/audit").set(auth(PARTNER))).status).toBe(403);
      const res = await request(t.node.app).get("/audit").set(auth());
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        expect.objectContaining({ actor: "federation", action: "config-reload", outcome: "reloaded", ts: expect.any(String) }),
        expect.objectContaining({ actor: "anonymous", action: "auth-rejected", target: "/discover", outcome: "invalid-token" }),
      ]);
      expect(JSON.stringify(res.body)).not.toContain("wrong-token");
      expect((await request(t.node.app).get("/audit?action=auth-rejected&limit=1").set(auth())).body).toHaveLength(1);
      expect((await request(t.node.app).get("/audit?limit=0").set(auth())).status).toBe(400);
    } finally {
      await t.close();
    }
  });
});

describe("limits", () => {
  test("when a token exceeds its rate, then 429 with Retry-After and RateLimit headers; other tokens are unaffected", async () => {
    const t = await startTestNode({
      limits: { requestsPerMinute: 3 },
      tokens: [
        { id: "partner", sha256: sha256Hex(PARTNER), scopes: ["discover"] },
        { id: "other", sha256: sha256Hex(OTHER), scopes: ["discover"] },
      ],
    });
    try {
      for (let i = 0; i < 3; i++) {
        const ok = await request(t.node.app).get("/discover").set(auth(PARTNER));
        expect(ok.status).toBe(200);
        expect(ok.headers["ratelimit-limit"]).toBe("3");
      }
      const limited = await request(t.node.app).get("/discover").set(auth(PARTNER));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
      expect(limited.headers["ratelimit-remaining"]).toBe("0");
      expect(limited.body.type).toBe("urn:mcpfed:problem:rate-limited");
      expect((await request(t.node.app).get("/discover").set(auth(OTHER))).status).toBe(200);
      expect((await request(t.node.app).get("/metrics")).text).toMatch(/mcpfed_rate_limited_total\{limit="requests"\} 1/);
    } finally {
      await t.close();
    }
  });

  test("when more calls arrive than a server's concurrency and queue allow, then the excess gets 503", async () => {
    const t = await startTestNode({ mcpServers: { test: testServerConfig({ maxConcurrent: 1, maxQueued: 1 }) } });
    try {
      const calls = [0, 1, 2].map(() => request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "test.sleep", kwargs: { ms: 300 } }));
      const statuses = (await Promise.all(calls)).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 503]);
    } finally {
      await t.close();
    }
  });
});

describe("circuit breakers", () => {
  test("when a hosted server fails repeatedly, then the circuit opens (503, no call), and a probe closes it", async () => {
    const t = await startTestNode({ mcpServers: { test: testServerConfig({ timeout: "100ms" }) } }, { breaker: { failureThreshold: 2, openMs: 400 } });
    try {
      const exec = (body: object) => request(t.node.app).post("/execute").set(auth()).send(body);
      expect((await exec({ mcp_name: "test.sleep", kwargs: { ms: 1000 } })).status).toBe(504);
      expect((await exec({ mcp_name: "test.sleep", kwargs: { ms: 1000 } })).status).toBe(504);
      const open = await exec({ mcp_name: "test.ping" });
      expect(open.status).toBe(503);
      expect(open.body.detail).toMatch(/circuit/);
      expect(Number(open.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(t.node.hosted.status().test.circuit).toBe("open");
      // validation errors and tool errors never reach the breaker
      expect((await exec({ mcp_name: "test.add", kwargs: {} })).status).toBe(400);
      await new Promise((r) => setTimeout(r, 450));
      expect((await exec({ mcp_name: "test.ping" })).status).toBe(200);
      expect(t.node.hosted.status().test.circuit).toBe("closed");
    } finally {
      await t.close();
    }
  });

  test("when a peer accepts connections and never answers, then sync times out and calls get 504, then the circuit opens", async () => {
    const sockets = new Set<import("node:net").Socket>();
    const silent: Server = createServer((s) => sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const engine = new FederatedEngine({ peers: [{ url }], timeoutMs: 300, retries: 0, executeTimeoutMs: 300, breakerThreshold: 2, breakerOpenMs: 60_000, failureLimit: 100 });
    try {
      const result = await engine.refresh();
      expect(result.errors).toEqual([{ url, error: "timed out" }]);
      const host = new URL(url).host;
      await expect(engine.execute(`x@${host}`, {})).rejects.toMatchObject({ status: 504 });
      await expect(engine.execute(`x@${host}`, {})).rejects.toMatchObject({ status: 504 });
      await expect(engine.execute(`x@${host}`, {})).rejects.toMatchObject({ status: 503 });
    } finally {
      await engine.close();
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

describe("misbehaving hosted servers", () => {
  test.each([["flood-lines"], ["flood-long"]])("when a server floods stdout (%s), then it is stopped and restarted, and the node stays up", async (tool) => {
    const t = await startTestNode({ mcpServers: { test: testServerConfig() } });
    try {
      const res = await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: `test.${tool}` });
      expect(res.status).toBe(502);
      await waitFor(() => t.node.hosted.status().test.state === "ready" && t.node.hosted.status().test.restarts >= 1);
      expect((await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "test.ping" })).status).toBe(200);
      expect(process.memoryUsage().rss).toBeLessThan(2 * 1024 ** 3);
    } finally {
      await t.close();
    }
  });
});

describe("reload", () => {
  test("when the configuration changes and is reloaded, then new tokens and servers apply and unchanged servers keep their connection", async () => {
    const { dir, cleanup } = tempDir();
    const base = { mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) } };
    let current = buildConfig(dir, base);
    const node = await createNode(current, { logger: pino({ level: "silent" }), reloadConfig: () => current });
    try {
      await node.start();
      const pidBefore = node.hosted.status().test.connectedAt;
      expect((await request(node.app).get("/discover").set(auth(PARTNER))).status).toBe(401);
      current = buildConfig(dir, {
        ...base,
        mcpServers: { ...base.mcpServers, second: testServerConfig({ tools: { include: ["add"] } }) },
        tokens: [{ id: "partner", sha256: sha256Hex(PARTNER), scopes: ["discover"] }],
      });
      const res = await request(node.app).post("/admin/reload").set(auth(ADMIN_TOKEN));
      expect(res.status).toBe(200);
      expect(res.body.servers).toEqual({ added: ["second"], removed: [], restarted: [] });
      expect((await request(node.app).get("/discover").set(auth(PARTNER))).body.map((e: { name: string }) => e.name)).toEqual(["second.add", "test.ping"]);
      expect(node.hosted.status().test.connectedAt).toBe(pidBefore);
      current = { ...current, node: { ...current.node, host: "0.0.0.0" }, tokens: [], sharedToken: undefined };
      const refused = await request(node.app).post("/admin/reload").set(auth(ADMIN_TOKEN));
      expect(refused.status).toBe(400);
      expect((await request(node.app).get("/discover").set(auth(PARTNER))).status).toBe(200);
    } finally {
      await node.stop();
      cleanup();
    }
  });
});

import { writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { request } from "undici";
import { startGatewayServer, type GatewayServer } from "../support/gateway-server";
import { startOtlpCollector, type CollectedSpan, type OtlpCollector } from "../support/otlp-collector";
import { spawnNode, type SpawnedNode } from "../support/spawn-cli";
import { tempDir, waitFor } from "../support/test-node";
import { startToolServer, type ToolServer } from "../support/tool-server";

const TOKEN = "tracing-shared-token-0123456789abcdef";
const SECRET_ARG = "argument-value-that-must-not-be-traced";
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT = "00f067aa0ba902b7";
const REQUEST_ID = "trace-test-request-1";

const echo = { name: "say", description: "Echoes its text.", inputSchema: { type: "object", properties: { text: { type: "string" } } } };
const exportEnv = (collector: OtlpCollector, service: string) => ({
  MCP_FEDERATION_TOKEN: TOKEN,
  OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
  OTEL_SERVICE_NAME: service,
  OTEL_BSP_SCHEDULE_DELAY: "100",
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await request(`${url}/execute`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers },
    body: JSON.stringify(body),
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
  });
  return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as Record<string, unknown> };
}

/** Node B hosts a real Streamable HTTP tool server; node A has B as its peer. */
async function startPair(envA: Record<string, string>, envB: Record<string, string>, dir: string, server: ToolServer, sse?: GatewayServer) {
  const configB = join(dir, "b.json");
  const legacy = sse ? { legacy: { type: "sse", url: sse.url } } : {};
  writeFileSync(configB, JSON.stringify({ mcpServers: { echo: { url: server.url }, ...legacy } }));
  const b = await spawnNode(["--db", join(dir, "b.db"), "--config", configB, "--log-level", "warn"], envB, 45_000);
  const configA = join(dir, "a.json");
  writeFileSync(configA, JSON.stringify({ peers: [{ url: b.url }] }));
  let a: SpawnedNode | undefined;
  try {
    a = await spawnNode(["--db", join(dir, "a.db"), "--config", configA, "--log-level", "warn"], envA, 45_000);
    const remote = `echo.say@${new URL(b.url).host}`;
    // A syncs B's catalog at start; until then the remote tool is unknown
    const ready = a;
    await waitFor(async () => (await post(ready.url, { mcp_name: remote, kwargs: { text: "warm-up" } })).status === 200, 15_000, 100);
    return { a, b, remote };
  } catch (err) {
    await stop(a, b); // the caller only stops a pair it got
    throw err;
  }
}

async function stop(...nodes: (SpawnedNode | undefined)[]) {
  for (const n of nodes) {
    if (!n || n.child.exitCode !== null) continue;
    n.child.kill("SIGTERM");
    await n.exited;
  }
}

describe("tracing across two nodes", () => {
  test("when A executes a partner tool on B with a traceparent, then both nodes export one trace with linked spans and pass the request id on", async () => {
    const { dir, cleanup } = tempDir();
    const collector = await startOtlpCollector();
    const seen: IncomingHttpHeaders[] = [];
    const server = await startToolServer([echo], undefined, { onHeaders: (h) => seen.push(h) });
    const seenSse: IncomingHttpHeaders[] = [];
    const sse = await startGatewayServer({ json: false, legacySse: true, onHeaders: (h) => seenSse.push(h) });
    let pair: Awaited<ReturnType<typeof startPair>> | undefined;
    try {
      const collectorAuth = "Bearer collector-credential-0123456789";
      pair = await startPair({ ...exportEnv(collector, "node-a"), OTEL_EXPORTER_OTLP_HEADERS: `authorization=${collectorAuth}` }, exportEnv(collector, "node-b"), dir, server, sse);
      seen.length = 0;
      const traceparent = `00-${TRACE_ID}-${PARENT}-01`;
      const res = await post(pair.a.url, { mcp_name: pair.remote, kwargs: { text: SECRET_ARG } }, { traceparent, "x-request-id": REQUEST_ID });
      expect(res.status).toBe(200);
      expect(res.headers["x-request-id"]).toBe(REQUEST_ID);

      const ours = (s: CollectedSpan) => s.traceId === TRACE_ID;
      const byService = (service: string, name: string) => collector.spans.find((s) => ours(s) && s.service === service && s.name === name);
      await waitFor(() => byService("node-b", "tools/call") !== undefined && byService("node-a", "POST /execute") !== undefined, 10_000, 50);

      // A's request span continues the caller's traceparent
      const serverA = byService("node-a", "POST /execute")!;
      expect(serverA.parentSpanId).toBe(PARENT);
      expect(serverA.attributes["mcpfed.request_id"]).toBe(REQUEST_ID);
      expect(serverA.attributes["http.response.status_code"]).toBe("200");
      // A's call to the peer is a child of A's request span; B's request span a child of that call
      const callA = byService("node-a", "tools/call")!;
      expect(callA.parentSpanId).toBe(serverA.spanId);
      expect(callA.kind).toBe(3); // CLIENT
      const serverB = byService("node-b", "POST /execute")!;
      expect(serverB.parentSpanId).toBe(callA.spanId);
      expect(serverB.attributes["mcpfed.request_id"]).toBe(REQUEST_ID);
      // on B: auth, validation, the upstream call and the record, all under B's request span
      for (const name of ["auth", "validate", "tools/call", "record"]) expect(byService("node-b", name)?.parentSpanId).toBe(serverB.spanId);
      expect(byService("node-a", "auth")?.parentSpanId).toBe(serverA.spanId);

      // B's call to its Streamable HTTP server carried the trace and the request id
      const toolCall = seen.find((h) => String(h.traceparent ?? "").includes(TRACE_ID));
      expect(toolCall?.traceparent).toBe(`00-${TRACE_ID}-${byService("node-b", "tools/call")!.spanId}-01`);
      expect(toolCall?.["x-request-id"]).toBe(REQUEST_ID);

      // no argument value and no token in any span
      const everything = JSON.stringify(collector.spans);
      expect(everything).not.toContain(SECRET_ARG);
      expect(everything).not.toContain(TOKEN);
      expect(collector.requests.every((r) => r.contentType.includes("application/json"))).toBe(true);
      // OTEL_EXPORTER_OTLP_HEADERS reaches the collector, and is never logged
      const fromA = collector.requests.filter((r) => r.headers.authorization === collectorAuth);
      expect(fromA.length).toBeGreaterThan(0);
      expect(pair.a.output()).not.toContain("collector-credential");

      // probes are not traced (checked once later spans have arrived)
      const probe = await request(`${pair.a.url}/healthz`);
      await probe.body.dump();
      expect(probe.statusCode).toBe(200);

      // a legacy HTTP+SSE server gets the trace headers too (its calls go through the SDK client's fetch)
      const sseTrace = "5bf92f3577b34da6a3ce929d0e0e4736";
      const viaSse = await post(pair.a.url, { mcp_name: `legacy.count@${new URL(pair.b.url).host}` }, { traceparent: `00-${sseTrace}-${PARENT}-01`, "x-request-id": "trace-test-request-2" });
      expect(viaSse.status).toBe(200);
      const ssePost = seenSse.find((h) => String(h.traceparent ?? "").includes(sseTrace));
      expect(ssePost?.["x-request-id"]).toBe("trace-test-request-2");

      // /mcp: the request span and a tools/call span under it
      const mcpTrace = "6bf92f3577b34da6a3ce929d0e0e4736";
      const client = new Client({ name: "trace-test", version: "1.0.0" });
      const headers = { authorization: `Bearer ${TOKEN}`, traceparent: `00-${mcpTrace}-${PARENT}-01` };
      await client.connect(new StreamableHTTPClientTransport(new URL(`${pair.b.url}/mcp`), { requestInit: { headers } }));
      const listed = await client.listTools();
      await client.callTool({ name: listed.tools.find((t) => t.name.endsWith("say"))!.name, arguments: { text: SECRET_ARG } });
      await client.close();
      const inMcp = (name: string) => collector.spans.filter((s) => s.traceId === mcpTrace && s.service === "node-b" && s.name === name);
      await waitFor(() => inMcp("tools/call").length > 0, 10_000, 50);
      const call = inMcp("tools/call")[0];
      expect(inMcp("POST /mcp").some((s) => s.spanId === call.parentSpanId)).toBe(true);
      expect(collector.spans.filter((s) => s.name.includes("/healthz"))).toEqual([]);
      expect(JSON.stringify(collector.spans)).not.toContain(SECRET_ARG);
    } finally {
      await stop(pair?.a, pair?.b);
      await sse.close();
      await server.close();
      await collector.close();
      cleanup();
    }
  }, 90_000);

  test("when no OTLP endpoint is set, then nothing is exported and no trace headers go out", async () => {
    const { dir, cleanup } = tempDir();
    const collector = await startOtlpCollector();
    const seen: IncomingHttpHeaders[] = [];
    const server = await startToolServer([echo], undefined, { onHeaders: (h) => seen.push(h) });
    const env = { MCP_FEDERATION_TOKEN: TOKEN, OTEL_SERVICE_NAME: "off", OTEL_BSP_SCHEDULE_DELAY: "100" };
    let pair: Awaited<ReturnType<typeof startPair>> | undefined;
    try {
      pair = await startPair(env, env, dir, server);
      const res = await post(pair.a.url, { mcp_name: pair.remote, kwargs: { text: "x" } }, { traceparent: `00-${TRACE_ID}-${PARENT}-01`, "x-request-id": REQUEST_ID });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.some((h) => h.traceparent !== undefined || h["x-request-id"] !== undefined)).toBe(false);
    } finally {
      await stop(pair?.a, pair?.b);
      await server.close();
      await collector.close();
      cleanup();
    }
    expect(collector.requests).toEqual([]);
  }, 90_000);

  test("when OTEL_TRACES_SAMPLER is always_off, then no span is exported but the trace context still goes out", async () => {
    const { dir, cleanup } = tempDir();
    const collector = await startOtlpCollector();
    const seen: IncomingHttpHeaders[] = [];
    const server = await startToolServer([echo], undefined, { onHeaders: (h) => seen.push(h) });
    let node: SpawnedNode | undefined;
    try {
      const config = join(dir, "node.json");
      writeFileSync(config, JSON.stringify({ mcpServers: { echo: { url: server.url } } }));
      node = await spawnNode(["--db", join(dir, "node.db"), "--config", config, "--log-level", "warn"], { ...exportEnv(collector, "unsampled"), OTEL_TRACES_SAMPLER: "always_off" }, 45_000);
      const res = await post(node.url, { mcp_name: "echo.say", kwargs: { text: "x" } }, { traceparent: `00-${TRACE_ID}-${PARENT}-01`, "x-request-id": REQUEST_ID });
      expect(res.status).toBe(200);
      const call = seen.find((h) => String(h.traceparent ?? "").includes(TRACE_ID));
      expect(call?.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
      expect(call?.["x-request-id"]).toBe(REQUEST_ID);
      await stop(node); // a graceful stop flushes what is queued
      expect(collector.spans).toEqual([]);
    } finally {
      await stop(node);
      await server.close();
      await collector.close();
      cleanup();
    }
  }, 60_000);
});

import { join } from "node:path";
import pino from "pino";
import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";
import { CallHangUp } from "../../src/hosting/call-hang-up";
import type { CallRelay } from "../../src/hosting/call-options";
import { LEAN_ID_PREFIX, MAX_LEAN_PENDING } from "../../src/hosting/lean-stdio-call";
import { createUndiciFetch } from "../../src/hosting/undici-fetch";
import { UpstreamConnection } from "../../src/hosting/upstream-connection";
import { ROOT } from "../support/test-node";

const LEAN_SERVER = join(ROOT, "test/fixtures/servers/lean-server.js");
const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;
const http = createUndiciFetch();

/** A real connection to the lean test server over stdio; `closedBy` counts closes it noticed itself. */
async function connect(): Promise<{ conn: UpstreamConnection; closed: () => number; errors: string[] }> {
  let closed = 0;
  const errors: string[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void errors.push(String(JSON.parse(line).err ?? "")) });
  const conn = new UpstreamConnection({
    name: "lean",
    config: { command: process.execPath, args: [LEAN_SERVER], env: {} },
    log,
    fetch: () => http.fetch,
    connectTimeoutMs: 10_000,
    onClose: () => void closed++,
  });
  await conn.open();
  return { conn, closed: () => closed, errors };
}

/** What a call ended with, in a form two paths can be compared by. */
async function outcome(call: Promise<CallToolResult>): Promise<unknown> {
  try {
    return { result: await call };
  } catch (err) {
    const e = err as Error & { code?: unknown; data?: unknown };
    return { error: { class: e.constructor.name, name: e.name, code: e.code, message: e.message, data: e.data } };
  }
}

type Seen = { ids: (string | number)[]; cancelled: { id: string | number; reason: string }[] };

describe("lean tools/call on a stdio connection", () => {
  let c: Awaited<ReturnType<typeof connect>>;
  const call = (tool: string, args: Record<string, unknown>, direct: boolean, extra: Partial<Parameters<UpstreamConnection["callTool"]>[2]> = {}) =>
    c.conn.callTool(tool, args, { timeoutMs: 5000, direct, ...extra });
  const seen = async (): Promise<Seen> => JSON.parse(text(await call("seen", {}, false)));

  beforeAll(async () => {
    c = await connect();
  });
  afterAll(() => c.conn.close());

  test("when a call takes the lean path, then the child sees the node's own string id, and the SDK path keeps its numbers", async () => {
    expect(text(await call("echo", { a: 1 }, true))).toBe('{"a":1}');
    expect(text(await call("echo", { a: 2 }, false))).toBe('{"a":2}');
    const { ids } = await seen();
    expect(ids.slice(-3, -1)).toEqual([expect.stringMatching(new RegExp(`^${LEAN_ID_PREFIX}\\d+$`)), expect.any(Number)]);
  });

  test.each<[string, unknown]>([
    ["plain text", { content: [{ type: "text", text: "x" }], isError: false }],
    ["an image block with annotations", { content: [{ type: "image", data: "AAAA", mimeType: "image/png", annotations: { priority: 1 } }], _meta: { k: 1 } }],
    ["extra keys", { content: [{ type: "text", text: "x", extra: 1 }], other: true }],
    ["no content", { structuredContent: { n: 1 } }],
    ["content that is not a list", { content: "nope" }],
    ["a block of an unknown type", { content: [{ type: "video", url: "x" }] }],
    ["a text block without text", { content: [{ type: "text" }] }],
    ["an isError that is not a boolean", { content: [], isError: "yes" }],
  ])("when the server answers with %s, then the lean path gives what the SDK client gives", async (_label, result) => {
    const lean = await outcome(call("raw", { result }, true));
    const sdk = await outcome(call("raw", { result }, false));
    expect(lean).toEqual(sdk);
  });

  test.each<[string, Record<string, unknown>]>([
    ["invalid params", { code: -32602, message: "bad arguments" }],
    ["method not found", { code: -32601, message: "no such method" }],
    ["an internal error with data", { code: -32603, message: "broke", data: { why: "disk" } }],
    ["a URL elicitation requirement", { code: -32042, message: "go there", data: { elicitations: [{ mode: "url", elicitationId: "e1", url: "https://example.org/x", message: "open" }] } }],
  ])("when the server answers with a JSON-RPC error (%s), then the lean path throws the SDK client's McpError", async (_label, args) => {
    const lean = await outcome(call("error", args, true));
    expect(lean).toEqual(await outcome(call("error", args, false)));
    expect(lean).toMatchObject({ error: { name: expect.stringMatching(/McpError|UrlElicitationRequiredError/), code: args.code } });
  });

  test("when the call outlasts its timeout, then it fails as the SDK's does and the child is told with notifications/cancelled", async () => {
    const lean = await outcome(call("wait", { ms: 3000 }, true, { timeoutMs: 150 }));
    const sdk = await outcome(call("wait", { ms: 3000 }, false, { timeoutMs: 150 }));
    expect(lean).toEqual(sdk);
    expect(lean).toMatchObject({ error: { code: -32001, message: "MCP error -32001: Request timed out", data: { timeout: 150 } } });
    const { ids, cancelled } = await seen();
    const leanId = ids.filter((id) => typeof id === "string").at(-1);
    expect(cancelled.find((x) => x.id === leanId)).toEqual({ id: leanId, reason: "McpError: MCP error -32001: Request timed out" });
  });

  test("when the answer comes after the timeout, then it is dropped and the connection keeps working", async () => {
    await expect(call("wait", { ms: 300 }, true, { timeoutMs: 50 })).rejects.toMatchObject({ code: -32001 });
    // a stray answer to a lean id nobody waits for, ahead of the real one
    expect(await outcome(call("raw", { result: { content: [] }, strayId: `${LEAN_ID_PREFIX}999999` }, true))).toEqual({ result: { content: [] } });
    await new Promise((r) => setTimeout(r, 400));
    expect(c.errors.some((e) => e.includes(`unknown message ID`) && e.includes(`${LEAN_ID_PREFIX}999999`))).toBe(true);
    expect(text(await call("echo", {}, true))).toBe("{}");
  });

  test("when the caller aborts, then the call rejects as cancelled and the child gets notifications/cancelled for its id", async () => {
    const controller = new AbortController();
    const pending = call("wait", {}, true, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ status: 499, code: "cancelled" });
    await new Promise((r) => setTimeout(r, 100));
    const { ids, cancelled } = await seen();
    const leanId = ids.filter((id) => typeof id === "string").at(-1);
    expect(cancelled.at(-1)).toEqual({ id: leanId, reason: "AbortError: This operation was aborted" });
  });

  test("when the caller hangs up (a CallHangUp), then the lean call is cancelled upstream without any AbortSignal being made", async () => {
    const hangUp = new CallHangUp();
    Object.defineProperty(hangUp, "signal", {
      get: () => {
        throw new Error("the lean path made an AbortSignal");
      },
    });
    const pending = call("wait", {}, true, { hangUp });
    await new Promise((r) => setTimeout(r, 100));
    hangUp.hangUp();
    await expect(pending).rejects.toMatchObject({ status: 499, code: "cancelled" });
    await new Promise((r) => setTimeout(r, 100));
    const { ids, cancelled } = await seen();
    expect(cancelled.at(-1)).toEqual({ id: ids.filter((id) => typeof id === "string").at(-1), reason: "AbortError: This operation was aborted" });
    // a caller that hung up before the call started: nothing is sent
    const before = (await seen()).ids.length;
    await expect(call("echo", {}, true, { hangUp })).rejects.toMatchObject({ code: "cancelled" });
    expect((await seen()).ids.length).toBe(before + 1);
  });

  test("when the tool reports progress, then onProgress gets each step as the SDK client reports it", async () => {
    const lean: Progress[] = [];
    const sdk: Progress[] = [];
    expect(text(await call("progress", { gapMs: 10 }, true, { onProgress: (p) => lean.push(p) }))).toBe("done");
    expect(text(await call("progress", { gapMs: 10 }, false, { onProgress: (p) => sdk.push(p) }))).toBe("done");
    expect(lean).toEqual(sdk);
    expect(lean).toEqual([1, 2, 3].map((i) => ({ progress: i, total: 3, message: `step ${i}` })));
  });

  test("when progress arrives in the same read as the answer, then the lean path still reports it before the result", async () => {
    // the SDK client hands progress on a microtask later and drops what arrives with the answer
    const lean: Progress[] = [];
    expect(text(await call("progress", {}, true, { onProgress: (p) => lean.push(p) }))).toBe("done");
    expect(lean.map((p) => p.progress)).toEqual([1, 2, 3]);
  });

  test("when the server asks for sampling and elicitation during a lean call, then the caller's relay answers", async () => {
    const relay: CallRelay = {
      sampling: async (p) => ({ role: "assistant", model: "m", content: { type: "text", text: `sampled ${p.maxTokens}` } }),
      elicitation: async () => ({ action: "accept", content: { name: "ann" } }),
    };
    const body = JSON.parse(text(await call("ask", {}, true, { relay })));
    expect(body).toEqual({ sampled: { type: "text", text: "sampled 9" }, elicited: { name: "ann" } });
  });
});

afterAll(() => http.close());

describe("lean calls when the child goes away", () => {
  test("when the child crashes, then every lean call in flight fails at once with the SDK client's error", async () => {
    const lean = await connect();
    const sdk = await connect();
    try {
      const started = Date.now();
      const waiting = [1, 2, 3].map(() => outcome(lean.conn.callTool("wait", {}, { timeoutMs: 20_000, direct: true })));
      const crashed = await outcome(lean.conn.callTool("crash", {}, { timeoutMs: 20_000, direct: true }));
      const viaSdk = await outcome(sdk.conn.callTool("crash", {}, { timeoutMs: 20_000, direct: false }));
      expect(crashed).toEqual(viaSdk);
      expect(crashed).toMatchObject({ error: { code: -32000, message: "MCP error -32000: Connection closed" } });
      expect(await Promise.all(waiting)).toEqual([crashed, crashed, crashed]);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(lean.closed()).toBe(1);
      // after the close, a call fails at once as the SDK client's does
      expect(await outcome(lean.conn.callTool("echo", {}, { timeoutMs: 1000, direct: true }))).toEqual(await outcome(sdk.conn.callTool("echo", {}, { timeoutMs: 1000, direct: false })));
    } finally {
      await lean.conn.close();
      await sdk.conn.close();
    }
  });

  test(`when ${MAX_LEAN_PENDING} lean calls are in flight, then the next takes the SDK path, and closing clears them all`, async () => {
    const c = await connect();
    try {
      const waiting = Array.from({ length: MAX_LEAN_PENDING }, () => outcome(c.conn.callTool("wait", {}, { timeoutMs: 20_000, direct: true })));
      const next = await c.conn.callTool("seen", {}, { timeoutMs: 10_000, direct: true });
      const { ids } = JSON.parse(text(next)) as Seen;
      expect(ids.filter((id) => typeof id === "string")).toHaveLength(MAX_LEAN_PENDING);
      expect(typeof ids.at(-1)).toBe("number");
      await c.conn.close();
      const ends = await Promise.all(waiting);
      expect(new Set(ends.map((e) => JSON.stringify(e)))).toEqual(new Set([JSON.stringify({ error: { class: "McpError", name: "McpError", code: -32000, message: "MCP error -32000: Connection closed" } })]));
    } finally {
      await c.conn.close();
    }
  }, 30_000);
});

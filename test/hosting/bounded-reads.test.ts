import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DirectHttpCaller } from "../../src/hosting/direct-http-call";
import { BodyTooLargeError } from "../../src/util/sse-reader";
import { createUndiciFetch } from "../../src/hosting/undici-fetch";

const CAP = 4096;

/** A raw HTTP server that answers every request with `size` bytes of JSON or of one event. */
async function startFlooder(): Promise<{ url: string; size: number; sse: boolean; garbage: boolean; close: () => Promise<void> }> {
  const state = { size: 100, sse: false, garbage: false };
  const server: Server = createServer((req, res) => {
    req.resume();
    const text = "x".repeat(state.size);
    const answer = JSON.stringify({ jsonrpc: "2.0", id: "mcpfed-1", result: { content: [{ type: "text", text }] } });
    if (state.garbage) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("<html>not json</html>");
    } else if (state.sse) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(`event: message\ndata: ${answer}\n\n`);
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(answer);
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  return Object.assign(state, {
    url,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}

describe("bounded reads of what hosted servers answer", () => {
  let flooder: Awaited<ReturnType<typeof startFlooder>>;
  beforeAll(async () => {
    flooder = await startFlooder();
  });
  afterAll(() => flooder.close());

  test.each([
    ["JSON", false],
    ["an event stream", true],
  ])("when a direct call's answer (%s) is larger than the bound, then the read stops with BodyTooLargeError", async (_l, sse) => {
    flooder.sse = sse;
    const caller = new DirectHttpCaller(flooder.url, {}, CAP);
    try {
      flooder.size = 100;
      await expect(caller.callTool({}, "t", {}, { timeoutMs: 5000 })).resolves.toMatchObject({ kind: "result" });
      flooder.size = CAP * 4;
      await expect(caller.callTool({}, "t", {}, { timeoutMs: 5000 })).rejects.toBeInstanceOf(BodyTooLargeError);
    } finally {
      await caller.close();
    }
  });

  test("when a direct call's answer is not JSON, then it fails as a bad answer, not as a lost connection", async () => {
    flooder.sse = false;
    flooder.garbage = true;
    const caller = new DirectHttpCaller(flooder.url, {}, CAP);
    try {
      await expect(caller.callTool({}, "t", {}, { timeoutMs: 5000 })).rejects.toMatchObject({ status: 200, message: expect.stringContaining("not JSON") });
    } finally {
      flooder.garbage = false;
      await caller.close();
    }
  });

  test("when the SDK client's fetch gets a JSON answer larger than the bound, then it fails", async () => {
    flooder.sse = false;
    const { fetch, close } = createUndiciFetch({ maxBodyBytes: CAP });
    try {
      flooder.size = 100;
      expect((await fetch(flooder.url, { method: "POST" })).status).toBe(200);
      flooder.size = CAP * 4;
      await expect(fetch(flooder.url, { method: "POST" })).rejects.toBeInstanceOf(BodyTooLargeError);
    } finally {
      await close();
    }
  });

  test("when the SDK client's fetch gets one event larger than the bound, then reading the stream fails", async () => {
    flooder.sse = true;
    const { fetch, close } = createUndiciFetch({ maxBodyBytes: CAP });
    try {
      flooder.size = 100;
      expect((await (await fetch(flooder.url, { method: "POST" })).text()).length).toBeGreaterThan(100);
      flooder.size = CAP * 4;
      const res = await fetch(flooder.url, { method: "POST" });
      await expect(res.text()).rejects.toThrow();
    } finally {
      await close();
    }
  });
});

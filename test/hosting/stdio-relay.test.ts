import { join } from "node:path";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import type { CallRelay } from "../../src/hosting/hosted-server";
import { ROOT, startTestNode, type TestNode } from "../support/test-node";

const RELAY_SERVER = join(ROOT, "test/fixtures/servers/relay-server.js");
const text = (r: { content: unknown[] }) => (r.content[0] as { text: string }).text;

const relay: CallRelay = {
  sampling: async (p) => ({ role: "assistant", model: "m", content: { type: "text", text: `sampled ${p.maxTokens}` } }),
  elicitation: async () => ({ action: "accept", content: { name: "ann" } }),
  roots: async () => ({ roots: [{ uri: "file:///work", name: "work" }] }),
};

describe("call options with a stdio child", () => {
  let n: TestNode;
  const server = () => n.node.hosted.get("relay")!;
  const iso = () => n.node.hosted.get("iso")!;

  beforeAll(async () => {
    const child = { command: process.execPath, args: [RELAY_SERVER] };
    n = await startTestNode({ mcpServers: { relay: { type: "stdio", ...child }, iso: { ...child, isolation: "session" } } });
  });
  afterAll(() => n.close());

  test("when the tool reports progress, then onProgress gets each step", async () => {
    const seen: Progress[] = [];
    expect(text(await server().callTool("progress", {}, { onProgress: (p) => seen.push(p) }))).toBe("done");
    expect(seen.map((p) => p.progress)).toEqual([1, 2, 3]);
  });

  test("when the server asks for sampling, elicitation and roots, then the one caller in flight answers", async () => {
    const body = JSON.parse(text(await server().callTool("ask", {}, { relay })));
    expect(body).toEqual({ sampled: { type: "text", text: "sampled 7" }, elicited: { name: "ann" }, roots: [{ uri: "file:///work", name: "work" }] });
  });

  test("when the caller aborts, then the child sees notifications/cancelled and the call rejects as cancelled", async () => {
    const controller = new AbortController();
    const call = server().callTool("wait", {}, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await expect(call).rejects.toMatchObject({ status: 499, code: "cancelled" });
    await new Promise((r) => setTimeout(r, 100));
    expect(text(await server().callTool("cancelled", {}))).toBe("1");
  });

  test("when two sessions use a session-isolated stdio server, then each has its own child", async () => {
    expect(text(await iso().callTool("counter", {}, { session: "a" }))).toBe("1");
    expect(text(await iso().callTool("counter", {}, { session: "a" }))).toBe("2");
    expect(text(await iso().callTool("counter", {}, { session: "b" }))).toBe("1");
    await iso().closeSession("a");
    expect(text(await iso().callTool("counter", {}, { session: "a" }))).toBe("1");
  });

  test("when the server exposes instructions, then the hosted server has them", () => {
    expect(server().instructions).toBe("Relay test server.");
  });
});

import { startGatewayServer, type GatewayServer } from "../support/gateway-server";
import { ADMIN_TOKEN, startListeningNode } from "../support/test-node";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

/** POSTs /execute and splits an event-stream answer into its events. */
async function execute(url: string, mcpName: string, accept: string) {
  const res = await fetch(`${url}/execute`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json", accept },
    body: JSON.stringify({ mcp_name: mcpName, kwargs: {} }),
  });
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  const events = type.includes("text/event-stream")
    ? text
        .split("\n\n")
        .filter(Boolean)
        .map((block) => ({ event: /^event: (.*)$/m.exec(block)?.[1], data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null") }))
    : [];
  return { status: res.status, type, text, events };
}

describe("progress through POST /execute", () => {
  let upstream: GatewayServer;
  let a: Listening;
  let b: Listening;

  beforeAll(async () => {
    upstream = await startGatewayServer({ json: false });
    a = await startListeningNode({ node: { name: "org-a" }, mcpServers: { gw: { url: upstream.url } } });
    b = await startListeningNode({ node: { name: "org-b" }, peers: [{ url: a.url, token: ADMIN_TOKEN }] });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await upstream?.close();
  });

  test.each([
    ["a local tool", () => a.url, "gw.progress"],
    ["a name@host tool (the partner streams to the forwarding node)", () => b.url, "gw.progress@"],
  ])("when the caller accepts an event stream and calls %s, then progress events come before the result", async (_l, url, name) => {
    const id = name.endsWith("@") ? `${name}${a.host}` : name;
    const before = upstream.state.calls.progress ?? 0;
    const res = await execute(url(), id, "application/json, text/event-stream");
    expect(res.status).toBe(200);
    expect(res.type).toContain("text/event-stream");
    expect(res.events.map((e) => e.event)).toEqual(["progress", "progress", "progress", "result"]);
    expect(res.events[0].data).toEqual({ progress: 1, total: 3, message: "step 1" });
    expect(res.events[3].data).toEqual({ result: { content: [{ type: "text", text: "done" }] } });
    expect(upstream.state.calls.progress).toBe(before + 1);
  });

  test("when the caller accepts JSON only, then the answer is plain JSON as always", async () => {
    const res = await execute(b.url, `gw.progress@${a.host}`, "application/json");
    expect(res.status).toBe(200);
    expect(res.type).toContain("application/json");
    expect(JSON.parse(res.text)).toEqual({ result: { content: [{ type: "text", text: "done" }] } });
  });

  test("when the caller accepts an event stream but the tool reports no progress, then the answer is plain JSON", async () => {
    const res = await execute(b.url, `gw.count@${a.host}`, "application/json, text/event-stream");
    expect(res.status).toBe(200);
    expect(res.type).toContain("application/json");
  });

  test("when a streamed call fails before any progress, then the failure is a plain problem", async () => {
    const res = await execute(b.url, `gw.nope@${a.host}`, "application/json, text/event-stream");
    expect(res.status).toBe(404);
    expect(res.type).toContain("application/problem+json");
  });
});

import { request as httpRequest } from "node:http";
import { join } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { LEAN_ID_PREFIX } from "../../src/hosting/lean-stdio-call";
import { ADMIN_TOKEN, ROOT, startListeningNode, waitFor } from "../support/test-node";

const LEAN_SERVER = join(ROOT, "test/fixtures/servers/lean-server.js");
const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;
type Seen = { ids: (string | number)[]; cancelled: { id: string | number; reason: string }[] };

/** POST /execute over a real socket; `hangUpAfterMs` destroys the request that long after sending it. */
function post(url: string, body: unknown, hangUpAfterMs?: number): Promise<{ status: number; body: Record<string, unknown> } | "hung up"> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(`${url}/execute`), { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
    });
    req.on("error", (err) => (hangUpAfterMs === undefined ? reject(err) : resolve("hung up")));
    req.end(JSON.stringify(body));
    if (hangUpAfterMs !== undefined) setTimeout(() => (req.destroy(), resolve("hung up")), hangUpAfterMs);
  });
}

describe("lean calls through a node", () => {
  let n: Awaited<ReturnType<typeof startListeningNode>>;
  const server = () => n.node.hosted.get("lean")!;
  const seen = async (): Promise<Seen> => JSON.parse(text(await server().callTool("seen", {})));

  beforeAll(async () => {
    n = await startListeningNode({ mcpServers: { lean: { command: process.execPath, args: [LEAN_SERVER], timeout: "300ms" } } });
    await waitFor(() => server().status().state === "ready");
  });
  afterAll(() => n.close());

  test("when /execute calls a stdio tool, then it takes the lean path (the child sees the node's own id)", async () => {
    const res = await post(n.url, { mcp_name: "lean.echo", kwargs: { x: 1 } });
    expect(res).toMatchObject({ status: 200, body: { result: { content: [{ type: "text", text: '{"x":1}' }] } } });
    const { ids } = await seen();
    expect(ids.at(-2)).toEqual(expect.stringMatching(new RegExp(`^${LEAN_ID_PREFIX}`)));
  });

  test("when the tool has an output schema, then the call goes through the SDK client and its checks hold", async () => {
    expect(await server().callTool("structured", { structured: { n: 1 } })).toMatchObject({ structuredContent: { n: 1 } });
    expect(typeof (await seen()).ids.at(-2)).toBe("number");
    // wrong structure: the SDK client's InvalidParams; none at all: its InvalidRequest
    await expect(server().callTool("structured", { structured: { n: "one" } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("Structured content does not match the tool's output schema"),
    });
    await expect(server().callTool("structured", {})).rejects.toMatchObject({ message: expect.stringContaining("has an output schema but did not return structured content") });
  });

  test("when the call outlasts the server's timeout, then 504, a failed record, and the child is told with notifications/cancelled", async () => {
    const res = await post(n.url, { mcp_name: "lean.wait", kwargs: { ms: 3000 } });
    expect(res).toMatchObject({ status: 504, body: { type: "urn:mcpfed:problem:upstream-timeout" } });
    await waitFor(async () => (await n.node.records.list({ limit: 1, mcpName: "lean.wait" })).length === 1, 5000);
    expect((await n.node.records.list({ limit: 1, mcpName: "lean.wait" }))[0]).toMatchObject({ success: false, error_class: "upstream-timeout" });
    const { ids, cancelled } = await seen();
    const waited = ids.at(-2);
    expect(waited).toEqual(expect.stringMatching(new RegExp(`^${LEAN_ID_PREFIX}`)));
    expect(cancelled.map((c) => c.id)).toContain(waited);
    expect(server().status().circuit).toBe("closed");
  });

  test("when the /execute caller hangs up, then the call is cancelled upstream and recorded as cancelled", async () => {
    const before = (await seen()).cancelled.length;
    expect(await post(n.url, { mcp_name: "lean.wait", kwargs: { ms: 250 } }, 100)).toBe("hung up");
    await waitFor(async () => (await seen()).cancelled.length === before + 1, 5000);
    const { cancelled } = await seen();
    expect(cancelled.at(-1)).toMatchObject({ id: expect.stringMatching(new RegExp(`^${LEAN_ID_PREFIX}`)), reason: "AbortError: This operation was aborted" });
    await waitFor(async () => (await n.node.records.list({ limit: 5, mcpName: "lean.wait" })).some((r) => r.error_class === "cancelled"), 5000);
  });

  test("when the child crashes mid-call, then 502 at once, and it is restarted and serves lean calls again", async () => {
    const started = Date.now();
    const res = await post(n.url, { mcp_name: "lean.crash" });
    expect(res).toMatchObject({ status: 502 });
    expect(Date.now() - started).toBeLessThan(2000);
    await waitFor(() => server().status().state === "ready", 10_000);
    expect(text(await server().callTool("echo", { again: true }))).toBe('{"again":true}');
  });
});

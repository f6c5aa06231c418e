import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { auth, startTestNode, type TestNode } from "../support/test-node";

type Mode = "ok" | "401" | "403" | "deep" | "huge" | "problem";
const MiB = 1024 * 1024;

/** JSON text nested `levels` deep (built as text: JSON.stringify of such a value overflows the stack). */
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
const entry = (name: string, inputSchema: unknown = { type: "object", properties: {} }) => ({ name, description: `peer tool ${name}`, version: "1.0.0", inputSchema, executable: true });

/** A partner node that misbehaves on /execute as told, and serves one too-deep catalog entry. */
async function startHostilePeer() {
  const state = { mode: "ok" as Mode, hop: [] as (string | undefined)[] };
  const server: Server = createServer((req, res) => {
    const json = (status: number, body: string) => res.writeHead(status, { "content-type": "application/json" }).end(body);
    if (req.url?.startsWith("/metadata")) return json(200, "[]");
    if (req.url?.startsWith("/discover")) {
      const deep = JSON.stringify(entry("p.deep", { type: "object", properties: { x: "DEEP" } })).replace('"DEEP"', nested(100_000));
      return json(200, `[${JSON.stringify(entry("p.good"))},${deep}]`);
    }
    req.resume();
    state.hop.push(req.headers["x-mcpfed-hop"] as string | undefined);
    switch (state.mode) {
      case "401":
        res.setHeader("www-authenticate", "Bearer");
        return json(401, JSON.stringify({ title: "Unauthorized", status: 401, detail: "missing or invalid token" }));
      case "403":
        return json(403, JSON.stringify({ title: "Forbidden", status: 403 }));
      case "problem":
        return json(400, JSON.stringify({ title: "Bad Request", status: 400, detail: "x".repeat(10_000), type: "urn:evil", injected: "field" }));
      case "deep":
        return json(200, `{"result":{"content":[{"type":"text","text":"hi"}],"structuredContent":${nested(50_000)}}}`);
      case "huge": {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"result":{"content":[{"type":"text","text":"');
        const chunk = "a".repeat(MiB);
        let n = 0;
        const pump = () => {
          while (n++ < 64 && !res.destroyed) if (!res.write(chunk)) return void res.once("drain", pump);
          res.end('"}]}}');
        };
        return pump();
      }
      default:
        return json(200, JSON.stringify({ result: { content: [{ type: "text", text: "fine" }] } }));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, state, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

describe("a hostile peer", () => {
  let peer: Awaited<ReturnType<typeof startHostilePeer>>;
  let t: TestNode;
  const exec = () => request(t.node.app).post("/execute").set(auth()).send({ mcp_name: `p.good@${peer.host}`, kwargs: {} });

  beforeAll(async () => {
    peer = await startHostilePeer();
    t = await startTestNode({ peers: [{ url: peer.url }] }, { engine: { maxBytes: 4 * MiB, retries: 0, timeoutMs: 5000, executeTimeoutMs: 5000 } });
    await t.node.engine.refresh();
  });
  afterAll(async () => {
    await t.close();
    await peer.close();
  });

  test("when a peer's catalog has an entry nested 100 000 levels deep, then that entry is dropped and counted, and federated discovery answers 200", async () => {
    const res = await request(t.node.app).get("/discover?scope=federated").set(auth());
    expect(res.status).toBe(200);
    const names = (res.body as { name: string }[]).map((e) => e.name);
    expect(names).toContain(`p.good@${peer.host}`);
    expect(names).not.toContain(`p.deep@${peer.host}`);
    expect(t.node.engine.peers().find((p) => p.host === peer.host)?.droppedEntries).toBe(1);
  });

  test.each(["401", "403"] as const)("when the peer answers %s to this node's credentials, then the caller gets a 502 naming the peer, not the peer's status", async (mode) => {
    peer.state.mode = mode;
    const res = await exec();
    expect(res.status).toBe(502);
    expect(res.headers["www-authenticate"]).toBeUndefined();
    expect(res.body.detail).toContain(`peer ${peer.host} refused this node's credentials (${mode})`);
  });

  test("when the peer answers its own 4xx, then it is relayed with only a bounded title, detail and errors", async () => {
    peer.state.mode = "problem";
    const res = await exec();
    expect(res.status).toBe(400);
    expect(res.body.injected).toBeUndefined();
    expect(res.body.type).not.toBe("urn:evil");
    expect(res.body.detail.length).toBeLessThan(2100);
    expect(res.body.detail).toContain(`peer ${peer.host}`);
  });

  test("when the peer's answer is nested 50 000 levels deep, then 502, never a 500", async () => {
    peer.state.mode = "deep";
    const res = await exec();
    expect(res.status).toBe(502);
    expect(res.body.detail).toMatch(/nested deeper than 64 levels/);
  });

  test("when the peer's answer is larger than the cap, then 502 and the node keeps serving", async () => {
    peer.state.mode = "huge";
    const res = await exec();
    expect(res.status).toBe(502);
    expect(res.body.detail).toMatch(/exceeds 4194304 bytes/);
    peer.state.mode = "ok";
    expect((await exec()).status).toBe(200);
  });

  test("when the node forwards a call, then it marks it with the hop header so the peer never forwards it again", async () => {
    peer.state.mode = "ok";
    peer.state.hop.length = 0;
    expect((await exec()).status).toBe(200);
    expect(peer.state.hop).toEqual(["1"]);
  });
});

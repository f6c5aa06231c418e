import request from "supertest";
import { ADMIN_TOKEN, auth, startListeningNode, waitFor } from "../support/test-node";
import { startToolServer, type ToolDef, type ToolServer } from "../support/tool-server";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;

const lookup = { name: "lookup", description: "Looks a word up.", inputSchema: { type: "object", properties: { q: { type: "string" } } }, annotations: { readOnlyHint: true } };

/**
 * A partner's tool cached here (a `cache.tools` glob) is keyed by its definition: any change of
 * the definition the partner signs (annotations and output schema included) makes the next call
 * a miss, so no answer given under the old definition is served under the new one.
 */
describe("cached answers of a partner's tool whose annotations or output schema change", () => {
  let tools: ToolServer;
  let peer: Listening;
  let a: Listening;

  beforeAll(async () => {
    tools = await startToolServer([lookup as ToolDef]);
    peer = await startListeningNode({ node: { name: "partner" }, mcpServers: { ext: { type: "http", url: tools.url } }, governance: { allowPrivateRemotes: true } });
    a = await startListeningNode({ node: { name: "gateway" }, peers: [{ url: peer.url, token: ADMIN_TOKEN }], cache: { tools: { "ext.lookup@*": { ttl: "1h" } } } });
    await waitFor(() => a.node.engine.entries().some((e) => e.id === `ext.lookup@${peer.host}`));
  }, 30_000);
  afterAll(async () => {
    await Promise.all([a, peer].filter(Boolean).map((n) => n.close()));
    await tools?.close();
  });

  const execute = () => request(a.node.app).post("/execute").set(auth()).send({ mcp_name: `ext.lookup@${peer.host}`, kwargs: { q: "w" } });
  const entry = () => a.node.engine.entries().find((e) => e.id === `ext.lookup@${peer.host}`) as unknown as Record<string, unknown> | undefined;

  const redefine = async (def: Record<string, unknown>, seen: (e: Record<string, unknown>) => boolean) => {
    tools.tools = [def as unknown as ToolDef];
    expect(await peer.node.hosted.get("ext")!.refreshTools()).toBe(true);
    await waitFor(async () => {
      await a.node.engine.refresh();
      const e = entry();
      return e !== undefined && seen(e);
    }, 10_000, 100);
  };

  test("when only the annotations change, then the next call is a miss", async () => {
    expect((await execute()).headers["x-cache"]).toBe("miss");
    expect((await execute()).headers["x-cache"]).toBe("hit");
    await redefine({ ...lookup, annotations: { readOnlyHint: true, openWorldHint: true } }, (e) => JSON.stringify(e.annotations ?? {}).includes("openWorldHint"));
    expect((await execute()).headers["x-cache"]).toBe("miss");
  });

  test("when only the output schema changes, then the next call is a miss", async () => {
    expect((await execute()).headers["x-cache"]).toBe("hit");
    const outputSchema = { type: "object", properties: { meaning: { type: "string" } } };
    await redefine({ ...lookup, annotations: { readOnlyHint: true, openWorldHint: true }, outputSchema }, (e) => e.outputSchema !== undefined);
    // the partner now runs the tool under the new definition (whose answer lacks the declared
    // structured content): whatever it answers, the old cached answer is not served
    const res = await execute();
    expect(res.headers["x-cache"]).not.toBe("hit");
    expect(res.body.result?._meta?.["io.mcpfed/cache"]).not.toBe("hit");
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import request from "supertest";
import { ADMIN_TOKEN, auth, ROOT, startListeningNode, startTestNode, testServerConfig, waitFor, type TestNode } from "../support/test-node";
import { BENIGN_SERVER, makeGitRepo } from "../support/git-repo";
import { startToolServer, type ToolServer } from "../support/tool-server";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;
type Entry = { server: { name: string; version: string; description: string; remotes?: { url: string }[] }; _meta: Record<string, unknown> };

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validList = ajv.compile(JSON.parse(readFileSync(join(ROOT, "test/fixtures/registry/server-list.schema.json"), "utf8")) as object);

/** A server.json as publishers write it (the official examples' shape), with a remote. */
const serverJson = (url: string, repo: string) => ({
  $schema: "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
  name: "io.github.acme/weather",
  title: "Weather",
  description: "Forecasts and current conditions for any city",
  version: "1.0.0",
  repository: { url: repo, source: "github" },
  remotes: [{ type: "streamable-http", url }],
});

describe("the official registry API", () => {
  let partner: Listening;
  let remote: ToolServer;
  let t: TestNode;
  let repo: ReturnType<typeof makeGitRepo>;
  const list = (query = "") => request(t.node.app).get(`/v0.1/servers${query}`).set(auth());

  beforeAll(async () => {
    repo = makeGitRepo(BENIGN_SERVER);
    remote = await startToolServer([{ name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } } } }]);
    partner = await startListeningNode({ mcpServers: { notes: testServerConfig({ tools: { include: ["ping"] } }) } });
    t = await startTestNode({
      node: { name: "acme-node" },
      mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) },
      peers: [{ url: partner.url, token: ADMIN_TOKEN }],
      governance: { allowPrivateRemotes: true, allowFileRepos: true, semgrep: { bin: "/nonexistent/semgrep" } },
    });
    const res = await request(t.node.app).post("/register").set(auth()).send(serverJson(remote.url, repo.url));
    expect(res.status).toBe(201);
    await waitFor(() => t.node.engine.entries().some((e) => e.host === partner.host));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await partner?.close();
    await remote?.close();
    repo?.cleanup();
  });

  test("when a server.json with a reverse-DNS name and a remote is submitted, then it is published under its server name and its tools are callable", async () => {
    const tools = (await request(t.node.app).get("/discover").set(auth())).body as { name: string }[];
    expect(tools.map((e) => e.name)).toContain("weather.forecast");
    const call = await request(t.node.app).post("/execute").set(auth()).send({ mcp_name: "weather.forecast", kwargs: { city: "Oslo" } });
    expect(call.status).toBe(200);
  });

  test("when the servers are listed, then the answer has the official shape and lists local, hosted and partners' servers with the node's facts", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(validList(res.body)).toBe(true);
    const byName = new Map((res.body.servers as Entry[]).map((e) => [e.server.name, e]));
    const weather = byName.get("io.github.acme/weather")!;
    expect(weather.server).toMatchObject({ version: "1.0.0", remotes: [{ type: "streamable-http", url: remote.url }], repository: { url: repo.url } });
    expect(weather._meta["io.modelcontextprotocol.registry/official"]).toMatchObject({ status: "active", isLatest: true });
    expect(weather._meta["io.mcpfed/governance"]).toMatchObject({ decision: "published" });
    expect(String((weather._meta["io.mcpfed/governance"] as { report: string }).report)).toMatch(/\/register\/weather$/);
    expect(weather._meta["io.mcpfed/signature"]).toEqual({ report: "signed" });
    expect(weather._meta["io.mcpfed/ranking"]).toMatchObject({ tools: 1, bestFront: 0 });
    const hosted = byName.get("local.acme-node/test")!;
    expect(hosted.server.remotes?.[0].url).toMatch(/\/mcp\/test$/);
    const fromPartner = (res.body.servers as Entry[]).find((e) => e._meta["io.mcpfed/host"] === partner.host)!;
    expect(fromPartner.server.name).toBe(`127.0.0.1/notes`);
    expect(fromPartner._meta["io.mcpfed/server"]).toBe("notes");
    // the partner's catalog is signed and its key trusted on first use
    expect(fromPartner._meta["io.mcpfed/signature"]).toMatchObject({ catalog: "verified", key: expect.any(String) });
  });

  test("when the list is read a page at a time, then the pages hold every server once, in name order", async () => {
    const all = ((await list()).body.servers as Entry[]).map((e) => e.server.name);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await list(`?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      expect(validList(res.body)).toBe(true);
      seen.push(...(res.body.servers as Entry[]).map((e) => e.server.name));
      cursor = res.body.metadata.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...all].sort()).toEqual(all);
  });

  test("when the list is filtered by search, update time and version, then only matching servers come back", async () => {
    expect(((await list("?search=WEATHER")).body.servers as Entry[]).map((e) => e.server.name)).toEqual(["io.github.acme/weather"]);
    expect((await list(`?updated_since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.servers).toEqual([]);
    expect((await list("?version=latest")).body.servers.length).toBe((await list()).body.servers.length);
    expect(((await list("?version=1.0.0")).body.servers as Entry[]).map((e) => e.server.name)).toContain("io.github.acme/weather");
    expect((await list("?version=9.9.9")).body.servers).toEqual([]);
  });

  test("when one server's versions are asked for by URL-encoded name, then they are served, and an unknown name or version is a 404", async () => {
    const versions = await request(t.node.app).get("/v0.1/servers/io.github.acme%2Fweather/versions").set(auth());
    expect(versions.status).toBe(200);
    expect(validList(versions.body)).toBe(true);
    expect(versions.body.servers).toHaveLength(1);
    for (const v of ["latest", "1.0.0"]) {
      const one = await request(t.node.app).get(`/v0.1/servers/io.github.acme%2Fweather/versions/${v}`).set(auth());
      expect(one.status).toBe(200);
      expect(one.body.server.name).toBe("io.github.acme/weather");
    }
    expect((await request(t.node.app).get("/v0.1/servers/io.github.acme%2Fweather/versions/2.0.0").set(auth())).status).toBe(404);
    expect((await request(t.node.app).get("/v0.1/servers/io.github.nobody%2Fnothing/versions").set(auth())).status).toBe(404);
  });

  test("when the parameters are bad or the token is missing, then 400 and 401, never a 500", async () => {
    for (const q of ["?limit=0", "?limit=101", "?limit=x", "?updated_since=yesterday", "?color=red"]) {
      const res = await list(q);
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toMatch(/problem\+json/);
    }
    expect((await list(`?cursor=${"%ff".repeat(10)}`)).status).toBe(200);
    expect((await request(t.node.app).get("/v0.1/servers")).status).toBe(401);
  });

  test("when a server.json offers only packages, then it is refused with a clear 4xx naming them", async () => {
    const res = await request(t.node.app)
      .post("/register")
      .set(auth())
      .send({ name: "io.github.acme/local-only", description: "Runs from npm", version: "1.0.0", packages: [{ registryType: "pypi", identifier: "acme-local", version: "1.0.0", transport: { type: "stdio" } }] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/packages \(pypi\) are not hosted/);
  });
});

describe("a public registry", () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ registry: { public: true }, mcpServers: { test: testServerConfig({ tools: { include: ["ping"] } }) } });
  });
  afterAll(async () => t?.close());

  test("when registry.public is set, then the list is readable without a token, and the rest of the API still needs one", async () => {
    const res = await request(t.node.app).get("/v0.1/servers");
    expect(res.status).toBe(200);
    expect(validList(res.body)).toBe(true);
    expect((await request(t.node.app).get("/discover")).status).toBe(401);
  });
});

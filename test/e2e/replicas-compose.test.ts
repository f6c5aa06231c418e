import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { describePostgres } from "../store/contract/adapters";
import { NGINX_BIN, startNginx, type Nginx } from "../support/nginx";
import { runCliAsync } from "../support/spawn-cli";
import { tempDir, waitFor } from "../support/test-node";
import { startToolServer, type ToolServer } from "../support/tool-server";
import { readCompose, stageImage, startReplica, type Replica } from "./replicas-compose-file";

const SHARED = "compose-shared-token-0123456789abcdef";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * deploy/replicas/docker-compose.yml without Docker: the replica services' command and
 * environment, run as processes in a copy of the image's /app (as the Dockerfile lays it out),
 * one /data for all (the compose file's shared volume), on one PostgreSQL database, behind
 * Debian's nginx with the deployment's nginx.conf. Tokens are made as the compose file says.
 */
describePostgres("the docker-compose deployment, run without Docker", ({ server }) => {
  if (!NGINX_BIN) {
    if (process.env.CI === "true") test("nginx is installed (required in CI)", () => { throw new Error("install Debian's nginx (scripts/ensure-test-deps.sh)"); });
    else test.skip("nginx is not installed here", () => undefined);
    return;
  }
  const temp = tempDir("mcpfed-compose-");
  const replicas: Replica[] = [];
  let lb: Nginx;
  let remote: ToolServer;
  let token = "";
  let start: (i: number) => Promise<Replica>;
  const auth = () => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

  beforeAll(async () => {
    remote = await startToolServer([{ name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } } } }]);
    const db = await server().createDatabase();
    const compose = readCompose({ POSTGRES_PASSWORD: "pw", MCP_FEDERATION_TOKEN: SHARED });
    const { app, entry } = stageImage(temp.dir);
    // the one change to the image's config: the test's MCP server is on loopback, which the
    // default governance refuses (an operator on a private network sets the same flag)
    const configFile = join(app, "config/node.json");
    const config = JSON.parse(readFileSync(configFile, "utf8")) as { governance?: Record<string, unknown> };
    writeFileSync(configFile, JSON.stringify({ ...config, governance: { ...config.governance, allowPrivateRemotes: true } }));
    const data = join(temp.dir, "data");
    mkdirSync(data);
    const inContainer = (args: string[]) => args.map((a) => a.replace(/^\/data\//, `${data}/`));

    // the compose file names the database service; the test's database stands in for it
    expect(compose.environment.DATABASE_URL).toMatch(/^postgres:\/\/mcpfed:pw@postgres:5432\/mcpfed$/);
    const env = { ...compose.environment, DATABASE_URL: db };
    const made = await runCliAsync(inContainer(compose.tokenCreate), env);
    expect(made.code).toBe(0);
    token = made.stdout.trim().split("\n").pop() ?? "";
    expect(token.length).toBeGreaterThan(20);

    // each container listens on 8000 of its own; here each has a loopback port, kept on restart
    const ports = await Promise.all(compose.names.map(() => freePort()));
    start = (i) => {
      const args = [...entry, ...inContainer(compose.command)];
      args[args.indexOf("--host") + 1] = "127.0.0.1";
      args[args.indexOf("--port") + 1] = String(ports[i]);
      return startReplica(app, args, env);
    };
    replicas.push(...(await Promise.all(compose.names.map((_, i) => start(i)))));
    lb = await startNginx(replicas.map((r) => new URL(r.url).host));
  }, 90_000);

  afterAll(async () => {
    await lb?.close();
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGTERM");
    await Promise.all(replicas.map((r) => r.exited));
    await remote?.close();
    temp.cleanup();
  });

  test("when the shared token is used through the load balancer, then it discovers and cannot register", async () => {
    const shared = { authorization: `Bearer ${SHARED}`, "content-type": "application/json" };
    for (let i = 0; i < 4; i++) expect((await fetch(`${lb.url}/discover`, { headers: shared })).status).toBe(200);
    const reg = await fetch(`${lb.url}/register`, { method: "POST", headers: shared, body: JSON.stringify({ name: "nope", remote: { type: "streamable-http", url: remote.url } }) });
    expect(reg.status).toBe(403);
  });

  test("when requests carry no MCP session, then nginx spreads them over the replicas; with one, it keeps them on one replica", async () => {
    // each replica's own count of GET /discover answers (its /metrics, asked directly)
    const served = async () =>
      Promise.all(
        replicas.map(async (r) => {
          const text = await (await fetch(`${r.url}/metrics`, { headers: auth() })).text();
          const line = text.split("\n").find((l) => l.startsWith("mcpfed_http_requests_total{") && l.includes('method="GET"') && l.includes('route="/discover"') && l.includes('status="200"'));
          return line ? Number(line.split(" ").pop()) : 0;
        }),
      );
    const spread = async (extra: Record<string, string>) => {
      const before = await served();
      for (let i = 0; i < 8; i++) expect((await fetch(`${lb.url}/discover`, { headers: { ...auth(), ...extra } })).status).toBe(200);
      // a request is counted when its response has finished, which can trail the client a little
      let delta: number[] = [];
      await waitFor(async () => (delta = (await served()).map((n, i) => n - before[i])).reduce((a, b) => a + b) >= 8, 2_000);
      return delta;
    };
    const roundRobin = await spread({});
    expect(roundRobin.reduce((a, b) => a + b)).toBe(8);
    expect(roundRobin.every((n) => n > 0)).toBe(true);
    const pinned = await spread({ "mcp-session-id": "5f0c3a52-7d1e-4b8e-9a43-2f6c1d0e8b71" });
    expect(pinned.sort()).toEqual([0, 8]);
  });

  test("when a remote is registered with the token made as documented, then every replica lists and executes it", async () => {
    const reg = await fetch(`${lb.url}/register`, { method: "POST", headers: auth(), body: JSON.stringify({ name: "weather", description: "Forecasts", version: "1.0.0", remote: { type: "streamable-http", url: remote.url } }) });
    expect(reg.status).toBe(201);
    const listedOn = async (url: string) => ((await (await fetch(`${url}/discover`, { headers: auth() })).json()) as { name: string }[]).some((e) => e.name === "weather.forecast");
    await waitFor(async () => (await Promise.all(replicas.map((r) => listedOn(r.url)))).every(Boolean), 2_000);
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${lb.url}/execute`, { method: "POST", headers: auth(), body: JSON.stringify({ mcp_name: "weather.forecast", kwargs: { city: "Oslo" } }) });
      expect(res.status).toBe(200);
    }
  });

  test("when a server is registered on either replica, then an MCP session's event stream through nginx hears of it within 2 s", async () => {
    const client = new Client({ name: "compose-listener", version: "1.0.0" });
    let changes = 0;
    const servers: ToolServer[] = [];
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      changes++;
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${lb.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    try {
      await new Promise((r) => setTimeout(r, 300)); // the standalone event stream opens
      // straight to each replica: one of them is not the one holding the session's stream
      for (const [i, r] of replicas.entries()) {
        // a tool name of its own: a second "forecast" would be refused as shadowing
        const tides = await startToolServer([{ name: `tide${i}`, description: "Returns the tide table for a harbour.", inputSchema: { type: "object", properties: { harbour: { type: "string", description: "harbour name" } } } }]);
        servers.push(tides);
        const before = changes;
        const reg = await fetch(`${r.url}/register`, { method: "POST", headers: auth(), body: JSON.stringify({ name: `tides${i}`, description: "Tide tables for harbours", version: "1.0.0", remote: { type: "streamable-http", url: tides.url } }) });
        expect([reg.status, reg.status === 201 ? "" : await reg.text()]).toEqual([201, ""]);
        await waitFor(() => changes > before, 2_000);
        expect((await client.listTools()).tools.map((t) => t.name)).toContain(`tides${i}__tide${i}`);
      }
    } finally {
      await client.close().catch(() => undefined);
      await Promise.all(servers.map((t) => t.close()));
    }
  }, 30_000);

  test("when each replica in turn is killed during an MCP session, then the session goes on through the load balancer", async () => {
    const client = new Client({ name: "compose-client", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${lb.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
    await client.connect(transport);
    try {
      expect((await client.callTool({ name: "weather__forecast", arguments: { city: "Oslo" } })).isError).toBeFalsy();
      // nginx hashes the session id to one replica; killing each in turn (restarting the first
      // on its address) kills, at some point, the one the session lived on
      for (const i of [0, 1]) {
        replicas[i].child.kill("SIGKILL");
        await replicas[i].exited;
        const after = await client.callTool({ name: "weather__forecast", arguments: { city: `City${i}` } });
        expect(after.isError).toBeFalsy();
        expect((await client.listTools()).tools.map((t) => t.name)).toContain("weather__forecast");
        if (i === 0) {
          replicas[0] = await start(0);
          // nginx keeps a failed server out for fail_timeout (5 s): wait until it takes it back
          await new Promise((r) => setTimeout(r, 5_500));
        }
      }
    } finally {
      await client.close().catch(() => undefined);
    }
  }, 60_000);
});

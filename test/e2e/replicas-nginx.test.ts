import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describePostgres } from "../store/contract/adapters";
import { NGINX_BIN, startNginx, type Nginx } from "../support/nginx";
import { ADMIN_TOKEN, startListeningNode, waitFor } from "../support/test-node";
import { startToolServer, type ToolServer } from "../support/tool-server";

type Listening = Awaited<ReturnType<typeof startListeningNode>>;
const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };

/**
 * The deployment of deploy/replicas without Docker (no engine runs here): its nginx.conf, run by
 * Debian's nginx, in front of two replicas on one PostgreSQL database.
 */
describePostgres("two replicas behind the deployment's nginx", ({ server }) => {
  if (!NGINX_BIN) {
    if (process.env.CI === "true") test("nginx is installed (required in CI)", () => { throw new Error("install Debian's nginx (scripts/ensure-test-deps.sh)"); });
    else test.skip("nginx is not installed here", () => undefined);
    return;
  }
  let a: Listening;
  let b: Listening;
  let lb: Nginx;
  let remote: ToolServer;

  beforeAll(async () => {
    remote = await startToolServer([{ name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } } } }]);
    const db = await server().createDatabase();
    const config = { node: { db }, governance: { allowPrivateRemotes: true, semgrep: { bin: "/nonexistent/semgrep" } } };
    [a, b] = await Promise.all([startListeningNode(config), startListeningNode(config)]);
    lb = await startNginx([a.host, b.host]);
  }, 60_000);
  afterAll(async () => {
    await lb?.close();
    await Promise.all([a?.close(), b?.close()]);
    await remote?.close();
  });

  test("when a remote is registered through the load balancer, then every request through it lists and executes the tool", async () => {
    const reg = await fetch(`${lb.url}/register`, { method: "POST", headers, body: JSON.stringify({ name: "weather", description: "Forecasts", version: "1.0.0", remote: { type: "streamable-http", url: remote.url } }) });
    expect(reg.status).toBe(201);
    const listed = async () => ((await (await fetch(`${lb.url}/discover`, { headers })).json()) as { name: string }[]).some((e) => e.name === "weather.forecast");
    await waitFor(async () => (await listed()) && (await listed()), 2_000);
    // round robin: several requests in a row reach both replicas, and all of them list it
    for (let i = 0; i < 6; i++) expect(await listed()).toBe(true);
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${lb.url}/execute`, { method: "POST", headers, body: JSON.stringify({ mcp_name: "weather.forecast", kwargs: { city: "Oslo" } }) });
      expect(res.status).toBe(200);
    }
  });

  test("when an MCP client works through the load balancer and one replica stops, then its session goes on", async () => {
    const client = new Client({ name: "lb-client", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${lb.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("weather__forecast");
      expect((await client.callTool({ name: "weather__forecast", arguments: { city: "Oslo" } })).isError).toBeFalsy();
      // the replica that opened the session stops: nginx sends the session's requests to the
      // other, which serves them (the opener is the one holding an SDK session in memory)
      const opened = (n: Listening) => (n.node.mcp as unknown as { sessions: Set<unknown> }).sessions.size > 0;
      expect([a, b].filter(opened)).toHaveLength(1);
      await (opened(a) ? a : b).close();
      const after = await client.callTool({ name: "weather__forecast", arguments: { city: "Bergen" } });
      expect(after.isError).toBeFalsy();
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("weather__forecast");
    } finally {
      await client.close().catch(() => undefined);
    }
  });
});

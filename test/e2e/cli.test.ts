import { join } from "node:path";
import { request } from "undici";
import { tempDir, waitFor } from "../support/test-node";
import { runCli, runCliAsync, spawnNode, type SpawnedNode } from "../support/spawn-cli";

async function call(url: string, method: "GET" | "POST", body?: unknown, token?: string) {
  const res = await request(url, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe("the mcpfed CLI", () => {
  const { dir, cleanup } = tempDir();
  const tokensFile = join(dir, "tokens.json");
  let node: SpawnedNode | undefined;
  afterAll(async () => {
    if (node && node.child.exitCode === null) {
      node.child.kill("SIGKILL");
      await node.exited;
    }
    cleanup();
  });

  test("when a token is created, then it is printed once on the last line and only its hash is kept", () => {
    const res = runCli(["token", "create", "--id", "partner-a", "--scopes", "discover,execute", "--tokens-file", tokensFile]);
    expect(res.status).toBe(0);
    const lines = res.stdout.trim().split("\n");
    expect(lines[lines.length - 1]).toMatch(/^mcpf_[A-Za-z0-9_-]{43}$/);
    expect(runCli(["token", "create", "--id", "x", "--scopes", "fly", "--tokens-file", tokensFile]).status).not.toBe(0);
  });

  test("when started on the default config, then it serves the hosted server-everything over HTTP and stops on SIGTERM", async () => {
    const created = runCli(["token", "create", "--id", "partner-b", "--scopes", "discover,execute,metadata:read", "--tokens-file", tokensFile]);
    const token = created.stdout.trim().split("\n").pop()!;
    node = await spawnNode(["--config", "config/node.json", "--db", join(dir, "node.db"), "--tokens-file", tokensFile]);
    const url = node.url;
    await waitFor(async () => (await call(`${url}/healthz`, "GET")).body.status === "ok", 15_000, 100);

    const unauthorized = await call(`${url}/discover`, "GET");
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers["www-authenticate"]).toMatch(/^Bearer/);

    const discover = await call(`${url}/discover`, "GET", undefined, token);
    expect(discover.status).toBe(200);
    const names = discover.body.map((e: { name: string }) => e.name);
    expect(names).toContain("everything.echo");
    expect(names).not.toContain("everything.get-env");

    const exec = await call(`${url}/execute`, "POST", { mcp_name: "everything.echo", args: ["over the wire"] }, token);
    expect(exec.status).toBe(200);
    expect(exec.body.result.content[0].text).toBe("Echo: over the wire");

    const records = await call(`${url}/metadata`, "GET", undefined, token);
    expect(records.body[0]).toMatchObject({ mcp_name: "everything.echo", success: true, source: "local" });
    expect(node.output()).not.toContain(token);

    node.child.kill("SIGTERM");
    expect(await node.exited).toBe(0);
  });

  test("when no token is configured and the host is not loopback, then the node refuses to start", () => {
    const res = runCli(["start", "--host", "0.0.0.0", "--port", "0", "--db", join(dir, "refused.db")]);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/no token is configured/);
  });

  test("when the configuration is invalid, then every problem is listed and the exit code is 2", () => {
    const res = runCli(["start", "--config", "config/node.json", "--db", join(dir, "bad.db")], { MCPFED_PORT: "x", MCPFED_LOG_LEVEL: "loud" });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("MCPFED_PORT");
    expect(res.stderr).toContain("node.logLevel");
  });
});

describe("mcpfed rank", () => {
  test("when pointed at a running node, then it prints the ranking as a table", async () => {
    const { dir, cleanup } = tempDir();
    const peer = await spawnNode(["--config", "config/node.json", "--db", join(dir, "peer.db")], { MCP_FEDERATION_TOKEN: "rank-test-token-0123456789" });
    try {
      await waitFor(async () => (await call(`${peer.url}/healthz`, "GET")).body.status === "ok", 15_000, 100);
      const res = await runCliAsync(["rank", "--peer", peer.url, "--query", "echo", "--limit", "5"], { MCP_FEDERATION_TOKEN: "rank-test-token-0123456789" });
      expect(res.code).toBe(0);
      const lines = res.stdout.trim().split("\n");
      expect(lines[0]).toMatch(/^#\s+front\s+tool\s+success/);
      expect(lines[1]).toContain(`everything.echo@${new URL(peer.url).host}`);
      const none = runCli(["rank"]);
      expect(none.status).toBe(2);
    } finally {
      peer.child.kill("SIGTERM");
      await peer.exited;
      cleanup();
    }
  });
});

describe("SIGHUP", () => {
  test("when a token is added to the tokens file and the node gets SIGHUP, then the new token works without a restart", async () => {
    const { dir, cleanup } = tempDir();
    const tokensFile = join(dir, "tokens.json");
    const first = runCli(["token", "create", "--id", "first", "--scopes", "discover", "--tokens-file", tokensFile]).stdout.trim().split("\n").pop()!;
    const node = await spawnNode(["--db", join(dir, "hup.db"), "--tokens-file", tokensFile]);
    try {
      expect((await call(`${node.url}/discover`, "GET", undefined, first)).status).toBe(200);
      const second = runCli(["token", "create", "--id", "second", "--scopes", "discover", "--tokens-file", tokensFile]).stdout.trim().split("\n").pop()!;
      expect((await call(`${node.url}/discover`, "GET", undefined, second)).status).toBe(401);
      node.child.kill("SIGHUP");
      await waitFor(async () => (await call(`${node.url}/discover`, "GET", undefined, second)).status === 200, 5000, 50);
      expect(node.child.exitCode).toBeNull();
    } finally {
      node.child.kill("SIGTERM");
      await node.exited;
      cleanup();
    }
  });
});

import { randomBytes } from "node:crypto";
import { createServer as createTcpServer } from "node:net";
import { basename, dirname } from "node:path";
import request from "supertest";
import { cloneRepository } from "../../src/governance/source-fetch";
import { OutboundGuard } from "../../src/net/outbound-guard";
import { BENIGN_SERVER, makeGitRepo } from "../support/git-repo";
import { startGitHttpServer, type GitHttpServer } from "../support/git-http-server";
import { auth, startTestNode, waitFor } from "../support/test-node";
import { startToolServer, type ToolServer } from "../support/tool-server";

const tools = () => [{ name: "forecast", description: "Returns the forecast for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } } } }];
const manifest = (overrides: Record<string, unknown>) => ({ name: "weather", description: "Weather forecasts for partner analytics", version: "1.0.0", license: "MIT", ...overrides });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("submissions pointing inside the node's network", () => {
  let git: GitHttpServer;
  let repo: ReturnType<typeof makeGitRepo>;
  let remote: ToolServer;
  let repoPath: string;
  beforeAll(async () => {
    repo = makeGitRepo(BENIGN_SERVER);
    git = await startGitHttpServer(dirname(repo.dir));
    repoPath = `/${basename(repo.dir)}/.git`;
    remote = await startToolServer(tools());
  });
  afterAll(async () => {
    await git.close();
    await remote.close();
    repo.cleanup();
  });

  test.each(["127.1", "2130706433", "0x7f000001", "0177.0.0.1", "[::ffff:127.0.0.1]", "localhost"])(
    "when source_repo is a real local git server spelled %s and private remotes are not allowed, then 400 and git is never contacted",
    async (host) => {
      const t = await startTestNode({});
      try {
        const res = await request(t.node.app).post("/register").set(auth()).send(manifest({ source_repo: `http://${host}:${git.port}${repoPath}` }));
        expect(res.status).toBe(400);
        expect(res.body.detail).toMatch(/internal address; refused/);
        expect(git.requests).toBe(0);
        expect((await request(t.node.app).get("/register/weather").set(auth())).status).toBe(404);
      } finally {
        await t.close();
      }
    },
  );

  test("when the internal port is open or closed, then the answers are identical (no port oracle)", async () => {
    const t = await startTestNode({});
    try {
      const send = (url: string) => request(t.node.app).post("/register").set(auth()).send(manifest({ source_repo: url, remote: { type: "streamable-http", url } }));
      const open = await send(`http://127.0.0.1:${git.port}/x.git`);
      const closed = await send(`http://127.0.0.1:${await closedPort()}/x.git`);
      const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
      expect(open.status).toBe(closed.status);
      expect(strip(open.body)).toEqual(strip(closed.body));
    } finally {
      await t.close();
    }
  });

  test("when private remotes are allowed and a source or remote fails, then the 422 never carries the far side's words, and an open port answers like a closed one", async () => {
    const { createServer } = await import("node:http");
    const banner = createServer((_req, res) => res.writeHead(403, { "content-type": "text/plain" }).end("internal-banner-7f3a admin console v2"));
    await new Promise<void>((r) => banner.listen(0, "127.0.0.1", r));
    const open = (banner.address() as { port: number }).port;
    const closed = await closedPort();
    const t = await startTestNode({ governance: { allowPrivateRemotes: true } });
    try {
      const send = (name: string, port: number, field: "source_repo" | "remote") =>
        request(t.node.app)
          .post("/register")
          .set(auth())
          .send(manifest({ name, ...(field === "remote" ? { remote: { type: "streamable-http", url: `http://127.0.0.1:${port}/mcp` } } : { source_repo: `http://127.0.0.1:${port}/r.git` }) }));
      for (const field of ["source_repo", "remote"] as const) {
        const a = await send("probe-a", open, field);
        const b = await send("probe-b", closed, field);
        expect([a.status, b.status]).toEqual([422, 422]);
        expect(JSON.stringify(a.body).replaceAll(`:${open}`, ":PORT")).not.toMatch(/banner|admin console|\b403\b/);
        const same = (body: { detail: string }, port: number) => body.detail.replace(String(port), "PORT").replace(/probe-[ab]/, "probe");
        expect(same(a.body, open)).toBe(same(b.body, closed));
      }
    } finally {
      await t.close();
      banner.closeAllConnections();
      banner.close();
    }
  });

  test("when names resolve to public addresses at validation and to loopback at connect (DNS rebinding), then 422, nothing is contacted or stored", async () => {
    const seen = new Map<string, number>();
    const resolveHost = async (host: string) => {
      const n = (seen.get(host) ?? 0) + 1;
      seen.set(host, n);
      return n === 1 ? ["93.184.216.34"] : ["127.0.0.1"];
    };
    const t = await startTestNode({}, { resolveHost });
    try {
      const viaRepo = await request(t.node.app).post("/register").set(auth()).send(manifest({ source_repo: `http://repo.partner.test:${git.port}${repoPath}` }));
      expect(viaRepo.status).toBe(422);
      expect(viaRepo.body.detail).toMatch(/internal address/);
      const viaRemote = await request(t.node.app)
        .post("/register")
        .set(auth())
        .send(manifest({ name: "weather2", remote: { type: "streamable-http", url: `http://tools.partner.test:${new URL(remote.url).port}/mcp` } }));
      expect(viaRemote.status).toBe(422);
      expect(viaRemote.body.detail).toMatch(/internal address/);
      expect(git.requests).toBe(0);
      expect(t.node.catalog.all().filter((e) => e.origin === "registered")).toEqual([]);
    } finally {
      await t.close();
    }
  });

  test("when private remotes are allowed, then the same repository clones over HTTP through the checking proxy", async () => {
    const before = git.requests;
    const checkout = await cloneRepository(`http://127.0.0.1:${git.port}${repoPath}`, { guard: new OutboundGuard({ allowPrivate: true }) });
    try {
      expect(git.requests).toBeGreaterThan(before);
      expect(require("node:fs").existsSync(`${checkout.dir}/src/index.ts`)).toBe(true);
    } finally {
      checkout.cleanup();
    }
  });

  test("when a node that published a remote restarts with private remotes refused, then the remote is not reconnected", async () => {
    const first = await startTestNode({ governance: { allowPrivateRemotes: true } });
    const dir = first.dir;
    expect((await request(first.node.app).post("/register").set(auth()).send(manifest({ remote: { type: "streamable-http", url: remote.url } }))).status).toBe(201);
    await first.node.stop();
    const second = await startTestNode({}, { dir });
    try {
      await waitFor(() => second.node.hosted.get("weather")?.status().lastError != null);
      expect(second.node.hosted.get("weather")!.status().lastError).toMatch(/internal address/);
      const exec = await request(second.node.app).post("/execute").set(auth()).send({ mcp_name: "weather.forecast", kwargs: { city: "Rome" } });
      expect(exec.status).toBeGreaterThanOrEqual(500);
      expect(exec.status).toBeLessThan(600);
    } finally {
      await second.close();
    }
  });
});

describe("checkout size and concurrent submissions", () => {
  test("when a repository is larger than the cap, then the HTTP transfer is cut while fetching and the submission gets 422", async () => {
    const big = makeGitRepo({ ...BENIGN_SERVER, "data/blob.bin": randomBytes(4 * 1024 * 1024).toString("base64") });
    const git = await startGitHttpServer(dirname(big.dir));
    try {
      const url = `http://127.0.0.1:${git.port}/${basename(big.dir)}/.git`;
      const err = await cloneRepository(url, { guard: new OutboundGuard({ allowPrivate: true }), maxBytes: 512 * 1024 }).then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ status: 422, message: expect.stringMatching(/larger than/) });
      // the pack is ~4 MiB: the proxy stopped reading long before
      expect(git.bytesSent).toBeLessThan(3 * 1024 * 1024);
      const t = await startTestNode({ governance: { allowPrivateRemotes: true, maxCheckoutBytes: 512 * 1024 } });
      try {
        const res = await request(t.node.app).post("/register").set(auth()).send(manifest({ source_repo: url }));
        expect(res.status).toBe(422);
        expect(res.body.detail).toMatch(/larger than/);
        expect((await request(t.node.app).get("/register/weather").set(auth())).status).toBe(404);
      } finally {
        await t.close();
      }
    } finally {
      await git.close();
      big.cleanup();
    }
  });

  test("when a file:// repository is larger than the cap, then the clone is refused", async () => {
    const big = makeGitRepo({ "data/blob.bin": randomBytes(3 * 1024 * 1024).toString("base64") });
    try {
      await expect(cloneRepository(big.url, { allowFileRepos: true, maxBytes: 512 * 1024 })).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/larger than/) });
    } finally {
      big.cleanup();
    }
  });

  test("when more submissions arrive than the node checks at once, then the extra one gets 503 with Retry-After", async () => {
    // a remote that accepts the connection and never answers keeps the only slot busy
    const held = new Set<import("node:net").Socket>();
    const hang = createTcpServer((socket) => {
      held.add(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((r) => hang.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(hang.address() as { port: number }).port}/mcp`;
    const t = await startTestNode({ governance: { allowPrivateRemotes: true, maxConcurrentChecks: 1, maxQueuedChecks: 0 } }, { governance: { remoteTimeoutMs: 1500 } });
    try {
      const first = request(t.node.app).post("/register").set(auth()).send(manifest({ name: "slow", remote: { type: "streamable-http", url } })).then((r) => r);
      await new Promise((r) => setTimeout(r, 300));
      const second = await request(t.node.app).post("/register").set(auth()).send(manifest({ name: "other", remote: { type: "streamable-http", url } }));
      expect(second.status).toBe(503);
      expect(second.headers["retry-after"]).toBeDefined();
      expect((await first).status).toBe(422);
    } finally {
      await t.close();
      for (const s of held) s.destroy();
      hang.close();
    }
  });
});

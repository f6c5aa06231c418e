import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { assertPublicUrl } from "../../src/governance/ssrf";
import { createUndiciFetch } from "../../src/hosting/undici-fetch";
import { BodyTooLargeError } from "../../src/net/bounded-body";
import { BlockedAddressError, OutboundGuard } from "../../src/net/outbound-guard";

const MiB = 1024 * 1024;

/** A loopback HTTP server counting requests and bytes it managed to write. */
async function startServer(handler: (res: import("node:http").ServerResponse, path: string) => void) {
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    handler(res, req.url ?? "/");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    state,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

describe("OutboundGuard at connect time", () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer((res) => res.end("ok"));
  });
  afterAll(() => srv.close());

  test("when the URL is an internal IP literal, then the connection is refused before it opens", async () => {
    const agent = new OutboundGuard({ allowPrivate: false }).createAgent();
    try {
      await expect(request(`http://127.0.0.1:${srv.port}/`, { dispatcher: agent })).rejects.toBeInstanceOf(BlockedAddressError);
      await expect(request(`http://[::ffff:127.0.0.1]:${srv.port}/`, { dispatcher: agent })).rejects.toBeInstanceOf(BlockedAddressError);
      expect(srv.state.requests).toBe(0);
    } finally {
      await agent.close();
    }
  });

  test("when a name resolves to public at validation and to loopback at connect (DNS rebinding), then the connection is refused", async () => {
    let calls = 0;
    const guard = new OutboundGuard({ allowPrivate: false, resolve: async () => (++calls === 1 ? ["93.184.216.34"] : ["127.0.0.1"]) });
    await expect(assertPublicUrl(`http://rebind.partner.test:${srv.port}/`, guard)).resolves.toBeUndefined();
    const agent = guard.createAgent();
    try {
      await expect(request(`http://rebind.partner.test:${srv.port}/`, { dispatcher: agent })).rejects.toBeInstanceOf(BlockedAddressError);
      expect(calls).toBeGreaterThanOrEqual(2);
      expect(srv.state.requests).toBe(0);
    } finally {
      await agent.close();
    }
  });

  test("when private addresses are allowed, then a name connects to the address the guard resolved", async () => {
    const agent = new OutboundGuard({ allowPrivate: true, resolve: async () => ["127.0.0.1"] }).createAgent();
    try {
      const res = await request(`http://tools.partner.test:${srv.port}/`, { dispatcher: agent });
      expect(await res.body.text()).toBe("ok");
    } finally {
      await agent.close();
    }
  });
});

describe("undici-fetch body caps", () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  let written = 0;
  beforeAll(async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    srv = await startServer((res, path) => {
      const sse = path.startsWith("/sse");
      res.writeHead(200, { "content-type": sse ? "text/event-stream" : "application/json" });
      if (sse) res.write("data: ");
      // up to 3 GiB, as fast as the client reads; stops when the client goes away
      let left = 3 * 1024 * MiB;
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          left -= chunk.length;
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
  });
  afterAll(() => srv.close());

  test("when a remote answers JSON without end, then reading stops at the cap with a clear error and memory stays bounded", async () => {
    const http = createUndiciFetch({ maxBodyBytes: 2 * MiB });
    written = 0;
    const before = process.memoryUsage().rss;
    try {
      const err = await http.fetch(`http://127.0.0.1:${srv.port}/json`, { method: "POST" }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(BodyTooLargeError);
      expect((err as Error).message).toMatch(/exceeds 2097152 bytes/);
      expect(written).toBeLessThan(64 * MiB);
      expect(process.memoryUsage().rss - before).toBeLessThan(200 * MiB);
    } finally {
      await http.close();
    }
  });

  test("when an event stream sends one event without end, then the stream fails at the cap", async () => {
    const http = createUndiciFetch({ maxBodyBytes: 2 * MiB });
    written = 0;
    try {
      const res = await http.fetch(`http://127.0.0.1:${srv.port}/sse`, { method: "GET" });
      const reader = res.body!.getReader();
      const err = await (async () => {
        for (;;) if ((await reader.read()).done) return undefined;
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BodyTooLargeError);
      expect(written).toBeLessThan(64 * MiB);
    } finally {
      await http.close();
    }
  });
});

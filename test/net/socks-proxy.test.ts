import { connect, createServer, type Server, type Socket } from "node:net";
import { OutboundGuard } from "../../src/net/outbound-guard";
import { startCheckingProxy } from "../../src/net/socks-proxy";

/** Speaks SOCKS5 to the proxy: greeting, CONNECT to host:port (a name, or IPv4 bytes), returns the reply code and socket. */
async function socksConnect(proxyUrl: string, host: string, port: number): Promise<{ code: number; socket: Socket }> {
  const { port: proxyPort } = new URL(proxyUrl.replace("socks5h:", "http:"));
  const socket = connect(Number(proxyPort), "127.0.0.1");
  await new Promise<void>((r) => socket.once("connect", () => r()));
  const read = (n: number) =>
    new Promise<Buffer>((resolve, reject) => {
      let buf = Buffer.alloc(0);
      const on = (c: Buffer) => {
        buf = Buffer.concat([buf, c]);
        if (buf.length >= n) {
          socket.off("data", on);
          socket.pause(); // no bytes lost before the caller listens
          if (buf.length > n) socket.unshift(buf.subarray(n));
          resolve(buf.subarray(0, n));
        }
      };
      socket.on("data", on).resume();
      socket.once("close", () => reject(new Error("closed")));
    });
  socket.write(Buffer.from([5, 1, 0]));
  expect([...(await read(2))]).toEqual([5, 0]);
  const v4 = /^\d+\.\d+\.\d+\.\d+$/.test(host);
  const addr = v4 ? Buffer.from([1, ...host.split(".").map(Number)]) : Buffer.concat([Buffer.from([3, host.length]), Buffer.from(host)]);
  const portBuf = Buffer.alloc(2);
  portBuf.writeUInt16BE(port);
  socket.write(Buffer.concat([Buffer.from([5, 1, 0]), addr, portBuf]));
  const reply = await read(10);
  return { code: reply[1], socket };
}

describe("the checking SOCKS proxy", () => {
  let target: Server;
  let port: number;
  let accepted = 0;
  beforeAll(async () => {
    target = createServer((s) => {
      accepted++;
      s.on("error", () => undefined);
      s.end(Buffer.alloc(300 * 1024, 0x62));
    });
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    port = (target.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => target.close(() => r())));

  test.each(["127.0.0.1", "localhost", "internal.partner.test"])("when git asks for %s and private addresses are refused, then the reply is 'not allowed' and nothing is contacted", async (host) => {
    const proxy = await startCheckingProxy({ guard: new OutboundGuard({ allowPrivate: false, resolve: async () => ["10.0.0.5"] }), maxBytes: 1024 });
    try {
      const before = accepted;
      const { code, socket } = await socksConnect(proxy.url, host, port);
      socket.destroy();
      expect(code).toBe(2);
      expect(proxy.blocked).toBeDefined();
      expect(accepted).toBe(before);
    } finally {
      await proxy.close();
    }
  });

  test("when the far side sends more than the cap, then every connection is cut and the proxy says so", async () => {
    const proxy = await startCheckingProxy({ guard: new OutboundGuard({ allowPrivate: true }), maxBytes: 100 * 1024 });
    try {
      const { code, socket } = await socksConnect(proxy.url, "127.0.0.1", port);
      expect(code).toBe(0);
      let received = 0;
      socket.on("data", (c: Buffer) => (received += c.length)).resume();
      await new Promise<void>((r) => socket.once("close", () => r()));
      expect(proxy.exceeded).toBe(true);
      expect(received).toBeLessThanOrEqual(100 * 1024);
    } finally {
      await proxy.close();
    }
  });

  test("when the far side stays under the cap, then its bytes pass through whole", async () => {
    const proxy = await startCheckingProxy({ guard: new OutboundGuard({ allowPrivate: true }), maxBytes: 1024 * 1024 });
    try {
      const { code, socket } = await socksConnect(proxy.url, "127.0.0.1", port);
      expect(code).toBe(0);
      let received = 0;
      socket.on("data", (c: Buffer) => (received += c.length)).resume();
      await new Promise<void>((r) => socket.once("close", () => r()));
      expect(received).toBe(300 * 1024);
      expect(proxy.exceeded).toBe(false);
    } finally {
      await proxy.close();
    }
  });
});

import { createServer, connect, isIP, type Server, type Socket } from "node:net";
import { BlockedAddressError, type OutboundGuard } from "./outbound-guard";

export interface CheckingProxyOptions {
  guard: OutboundGuard;
  /** Bytes the far side may send in total, over every connection; past it all are cut. */
  maxBytes: number;
  connectTimeoutMs?: number;
}

export interface CheckingProxy {
  /** For git's `http.proxy`: `socks5h://127.0.0.1:PORT` (the proxy resolves names itself). */
  readonly url: string;
  /** Bytes received from the far side so far. */
  readonly bytes: number;
  /** The byte cap was reached and the connections were cut. */
  readonly exceeded: boolean;
  /** A connection was refused because its destination is internal. */
  readonly blocked: BlockedAddressError | undefined;
  close(): Promise<void>;
}

// SOCKS5 (RFC 1928) reply codes
const REP_OK = 0x00;
const REP_NOT_ALLOWED = 0x02;
const REP_HOST_UNREACHABLE = 0x04;
const REP_COMMAND_NOT_SUPPORTED = 0x07;

/** Parses a CONNECT request; undefined until the whole request has arrived. */
function parseRequest(buf: Buffer): { host: string; port: number; length: number; cmd: number } | undefined | "bad" {
  if (buf.length < 5) return undefined;
  if (buf[0] !== 5) return "bad";
  const atyp = buf[3];
  let host: string;
  let offset: number;
  if (atyp === 1) {
    if (buf.length < 10) return undefined;
    host = [...buf.subarray(4, 8)].join(".");
    offset = 8;
  } else if (atyp === 3) {
    const len = buf[4];
    if (buf.length < 5 + len + 2) return undefined;
    host = buf.subarray(5, 5 + len).toString("latin1");
    offset = 5 + len;
  } else if (atyp === 4) {
    if (buf.length < 22) return undefined;
    const words = [];
    for (let i = 0; i < 8; i++) words.push(buf.readUInt16BE(4 + i * 2).toString(16));
    host = words.join(":");
    offset = 20;
  } else return "bad";
  return { host, port: buf.readUInt16BE(offset), length: offset + 2, cmd: buf[1] };
}

const reply = (code: number) => Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);

/**
 * A loopback SOCKS5 proxy for one `git clone`: git (curl) hands it the host name, the proxy
 * resolves it through the guard (every answer checked, internal ones refused unless allowed),
 * connects to the checked address itself (so DNS cannot change between check and connect),
 * and counts the bytes coming back, cutting every connection once the cap is passed. This
 * works the same for http:// and https:// (the TLS session passes through untouched).
 */
export async function startCheckingProxy(options: CheckingProxyOptions): Promise<CheckingProxy> {
  let bytes = 0;
  let exceeded = false;
  let blocked: BlockedAddressError | undefined;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  };
  const cutAll = () => {
    for (const s of sockets) s.destroy();
  };

  const handle = (client: Socket) => {
    track(client);
    client.on("error", () => client.destroy());
    let buf = Buffer.alloc(0);
    let stage: "greeting" | "request" | "done" = "greeting";
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > 600) return void client.destroy();
      if (stage === "greeting") {
        if (buf.length < 2 || buf.length < 2 + buf[1]) return;
        if (buf[0] !== 5 || !buf.subarray(2, 2 + buf[1]).includes(0)) return void client.end(Buffer.from([5, 0xff]));
        buf = buf.subarray(2 + buf[1]);
        stage = "request";
        client.write(Buffer.from([5, 0]));
      }
      if (stage !== "request") return;
      const req = parseRequest(buf);
      if (req === undefined) return;
      if (req === "bad" || req.cmd !== 1) return void client.end(reply(REP_COMMAND_NOT_SUPPORTED));
      stage = "done";
      client.off("data", onData);
      client.pause();
      const rest = buf.subarray(req.length);
      void open(client, req.host, req.port, rest);
    };
    client.on("data", onData);
  };

  const open = async (client: Socket, host: string, port: number, rest: Buffer) => {
    let address: string;
    try {
      address = (await options.guard.resolve(host))[0];
    } catch (err) {
      if (err instanceof BlockedAddressError) blocked ??= err;
      client.end(reply(err instanceof BlockedAddressError ? REP_NOT_ALLOWED : REP_HOST_UNREACHABLE));
      return;
    }
    const upstream = connect({ host: address, port, family: isIP(address), timeout: options.connectTimeoutMs ?? 10_000 });
    track(upstream);
    upstream.once("timeout", () => upstream.destroy());
    let connected = false;
    upstream.on("error", () => {
      // before the reply, say so in SOCKS terms; after it, the stream just ends
      if (!connected && !client.destroyed) client.end(reply(REP_HOST_UNREACHABLE));
      else client.destroy();
    });
    upstream.once("connect", () => {
      connected = true;
      upstream.setTimeout(0);
      client.write(reply(REP_OK));
      if (rest.length) upstream.write(rest);
      upstream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > options.maxBytes) {
          exceeded = true;
          cutAll();
          return;
        }
        if (!client.write(chunk)) upstream.pause();
      });
      client.on("drain", () => upstream.resume());
      client.pipe(upstream);
      // a clean end is passed on after the buffered bytes; only a failure drops them
      upstream.on("end", () => client.end());
      client.on("close", () => upstream.destroy());
      upstream.on("close", (hadError) => {
        if (hadError) client.destroy();
      });
      client.resume();
    });
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `socks5h://127.0.0.1:${port}`,
    get bytes() {
      return bytes;
    },
    get exceeded() {
      return exceeded;
    },
    get blocked() {
      return blocked;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}

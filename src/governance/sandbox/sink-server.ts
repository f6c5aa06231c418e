/**
 * The recording sink that runs inside the sandbox's network namespace: a DNS server on
 * 127.0.0.1:53 that answers every name with 127.0.0.1, and TCP listeners on the usual web
 * ports that keep what clients send. Each event is one JSON line in the log file given as the
 * first argument. Started as a script (`node sink-server.js LOG`), never imported.
 */
import { createSocket } from "node:dgram";
import { appendFileSync } from "node:fs";
import { createServer } from "node:net";

const log = process.argv[2];
const MAX_BYTES = 64 * 1024;

function record(event: Record<string, unknown>): void {
  appendFileSync(log, `${JSON.stringify({ ...event, at: Date.now() })}\n`);
}

/** The query name of a DNS request (labels after the 12-byte header). */
export function queryName(msg: Buffer): string | undefined {
  const labels: string[] = [];
  let i = 12;
  while (i < msg.length && labels.length < 64) {
    const len = msg[i];
    if (len === 0) return labels.join(".");
    if (len > 63 || i + 1 + len > msg.length) return undefined;
    labels.push(msg.subarray(i + 1, i + 1 + len).toString("latin1"));
    i += 1 + len;
  }
  return undefined;
}

/** Whether an HTTP/1 request has arrived whole (headers, then Content-Length bytes or chunks). */
function requestComplete(data: Buffer): boolean {
  if (data.length >= MAX_BYTES) return true;
  const text = data.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
  if (length) return data.length - (end + 4) >= Number(length[1]);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(text.slice(0, end))) return text.endsWith("0\r\n\r\n");
  return true;
}

function answer(msg: Buffer): Buffer {
  let end = 12;
  while (end < msg.length && msg[end] !== 0) end += msg[end] + 1;
  const question = msg.subarray(12, end + 5);
  const header = Buffer.from(msg.subarray(0, 12));
  header.writeUInt16BE(0x8180, 2); // response, recursion available, no error
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(msg.readUInt16BE(end + 1) === 1 ? 1 : 0, 6); // one answer for A queries
  header.writeUInt32BE(0, 8);
  const a = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 127, 0, 0, 1]);
  return Buffer.concat([header, question, header.readUInt16BE(6) ? a : Buffer.alloc(0)]);
}

if (require.main === module) {
  const dns = createSocket("udp4");
  dns.on("message", (msg, from) => {
    const name = queryName(msg);
    record({ kind: "dns", name: name ?? "", type: msg.length > 14 ? msg.readUInt16BE(Math.min(msg.length - 4, 12 + (name?.length ?? 0) + 2)) : 0 });
    if (msg.length >= 17) dns.send(answer(msg), from.port, from.address);
  });
  dns.bind(53, "127.0.0.1");
  for (const port of [80, 443, 8080, 8443]) {
    createServer((socket) => {
      let data = Buffer.alloc(0);
      const done = () => record({ kind: "tcp", port, data: data.toString("latin1") });
      let answered = false;
      socket.on("data", (chunk: Buffer) => {
        if (data.length < MAX_BYTES) data = Buffer.concat([data, chunk]).subarray(0, MAX_BYTES);
        if (answered || (port !== 80 && port !== 8080) || !requestComplete(data)) return;
        answered = true;
        socket.end("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
      });
      socket.on("close", done);
      socket.on("error", () => undefined);
      socket.setTimeout(3000, () => socket.destroy());
    }).listen(port, "127.0.0.1");
  }
  record({ kind: "ready" });
}

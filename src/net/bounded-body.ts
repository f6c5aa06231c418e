import { Transform, type Readable } from "node:stream";

/** A response body grew past the configured cap; reading stopped there. */
export class BodyTooLargeError extends Error {
  readonly code = "EMCPFED_BODY_TOO_LARGE";
  constructor(
    readonly source: string,
    readonly maxBytes: number,
  ) {
    super(`the response from ${source} exceeds ${maxBytes} bytes; reading stopped`);
  }
}

/**
 * Reads a whole body into memory, but never more than `maxBytes`: past the cap the stream is
 * destroyed (the connection is dropped) and BodyTooLargeError is thrown, so a remote that
 * answers gigabytes costs at most the cap.
 */
export async function readBounded(body: Readable, maxBytes: number, source: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    if (bytes > maxBytes) {
      body.destroy();
      throw new BodyTooLargeError(source, maxBytes);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, bytes);
}

/**
 * The same for a fetch Response: its body read up to `maxBytes` (a declared Content-Length past
 * it is refused before reading), cancelled past the cap with BodyTooLargeError.
 */
export async function readResponseBounded(res: Response, maxBytes: number, source: string): Promise<Buffer> {
  const reader = res.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  if (Number(res.headers.get("content-length") ?? "0") > maxBytes) {
    await reader.cancel().catch(() => undefined);
    throw new BodyTooLargeError(source, maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(source, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Passes an event stream through, failing it with BodyTooLargeError when a single event grows
 * past `maxBytes` without the blank line that ends it: every event is measured, including one
 * that arrives whole in a chunk. A stream may live for hours (the GET stream), so its total is
 * not bounded, but what a reader has to buffer at once is.
 */
export function capEventStream(source: string, maxBytes: number): Transform {
  let event = 0; // bytes of the current event's complete lines
  let line = 0; // bytes of the current, unfinished line
  let lastWasCr = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        const length = line + (nl - start);
        const crOnly = length === 1 && (nl > start ? chunk[nl - 1] === 13 : lastWasCr);
        event = length === 0 || crOnly ? 0 : event + length + 1;
        if (event > maxBytes) return done(new BodyTooLargeError(source, maxBytes));
        line = 0;
        start = nl + 1;
      }
      line += chunk.length - start;
      lastWasCr = chunk.length > 0 && chunk[chunk.length - 1] === 13;
      if (event + line > maxBytes) done(new BodyTooLargeError(source, maxBytes));
      else done(null, chunk);
    },
  });
}

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

const EVENT_END = /\r?\n\r?\n|\r\r/g;

/**
 * Passes an event stream through, failing it with BodyTooLargeError when a single event (the
 * bytes since the last blank line) grows past `maxBytes`. Long-lived streams of many small
 * events are fine; the reader above buffers at most one event, so memory stays bounded.
 */
export function capEventStream(source: string, maxBytes: number): Transform {
  let pending = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const text = chunk.toString("latin1");
      let last = -1;
      for (const m of text.matchAll(EVENT_END)) last = m.index + m[0].length;
      pending = last === -1 ? pending + chunk.length : chunk.length - last;
      if (pending > maxBytes) done(new BodyTooLargeError(source, maxBytes));
      else done(null, chunk);
    },
  });
}

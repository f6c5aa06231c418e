import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

import { BodyTooLargeError } from "../net/bounded-body";

/** The body of an upstream answer grew past its bound; the read was stopped. */
export { BodyTooLargeError };

/**
 * Reads a whole body as UTF-8 text, stopping with BodyTooLargeError past `maxBytes` (the
 * rest of the stream is destroyed, so a server cannot make the node buffer without end).
 */
export async function readBoundedText(body: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw new BodyTooLargeError("the server", maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** One server-sent event: its `event` name ("message" when it has none) and its data. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Yields the events of a stream (multi-line data joined with "\n", events without data
 * skipped). `maxBytes` bounds the whole stream, not one event: a tools/call or /execute answer
 * is one stream, and its total size is what the reader has to hold.
 */
export async function* readSseEvents(body: Readable, maxBytes: number): AsyncGenerator<SseEvent> {
  let buffer = "";
  let size = 0;
  let data: string[] = [];
  let event = "message";
  // a chunk may end inside a multi-byte character
  const decoder = new StringDecoder("utf8");
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw new BodyTooLargeError("the server", maxBytes);
    }
    buffer += decoder.write(chunk as Buffer);
    let nl: number;
    while ((nl = buffer.indexOf("\n")) !== -1) {
      const line = buffer.slice(0, nl).replace(/\r$/, "");
      buffer = buffer.slice(nl + 1);
      if (line === "") {
        if (data.length > 0) yield { event, data: data.join("\n") };
        data = [];
        event = "message";
      } else if (line.startsWith("data:")) {
        data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
      } else if (line.startsWith("event:")) {
        event = line.slice(6).trim();
      }
      // id:, retry: and comments carry nothing these readers need
    }
  }
  if (data.length > 0) yield { event, data: data.join("\n") };
}

/** The data of each event of a stream (see readSseEvents). */
export async function* readSseData(body: Readable, maxBytes: number): AsyncGenerator<string> {
  for await (const e of readSseEvents(body, maxBytes)) yield e.data;
}

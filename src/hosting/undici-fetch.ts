import { Readable, Transform } from "node:stream";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { Agent, request } from "undici";
import { readBoundedText } from "../util/sse-reader";

const NULL_BODY = new Set([101, 204, 205, 304]);

/** Largest plain answer, and largest single event of a stream, read from a hosted server (16 MiB). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

function toHeaderRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) headers.forEach((v, k) => (out[k] = v));
  else if (Array.isArray(headers)) for (const [k, v] of headers as [string, string][]) out[k.toLowerCase()] = v;
  else for (const [k, v] of Object.entries(headers as Record<string, string>)) out[k.toLowerCase()] = v;
  return out;
}

function tooLarge(max: number): Error {
  return new Error(`an event from the server is larger than ${max} bytes; stream stopped`);
}

/**
 * Fails an event stream when one event grows past `maxEventBytes` without the blank line that
 * ends it. A stream may live for hours (the GET stream), so its total is not bounded, but what
 * the SDK has to buffer at once is.
 */
export function boundEvents(maxEventBytes: number): Transform {
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
        if (event > maxEventBytes) return done(tooLarge(maxEventBytes));
        line = 0;
        start = nl + 1;
      }
      line += chunk.length - start;
      lastWasCr = chunk.length > 0 && chunk[chunk.length - 1] === 13;
      if (event + line > maxEventBytes) done(tooLarge(maxEventBytes));
      else done(null, chunk);
    },
  });
}

/**
 * A `fetch` for the SDK's Streamable HTTP and SSE clients built on `undici.request` over one
 * pooled Agent. Node 20's global fetch measured 5–6x slower than undici.request on this class
 * of machine, and every call to an HTTP hosted server goes through it. JSON answers are
 * buffered up to a bound; event streams are passed through as a web stream, each event bounded.
 */
export function createUndiciFetch(options: { connections?: number; maxBodyBytes?: number } = {}): { fetch: FetchLike; close: () => Promise<void> } {
  const dispatcher = new Agent({ connections: options.connections ?? 64, keepAliveTimeout: 10_000 });
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const fetchLike: FetchLike = async (url, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    const res = await request(url.toString(), {
      method: method as "GET",
      headers: toHeaderRecord(init?.headers),
      body: (init?.body as string | Buffer | undefined) ?? undefined,
      signal: init?.signal ?? undefined,
      dispatcher,
    });
    const headers = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (Array.isArray(v)) for (const item of v) headers.append(k, item);
      else if (v !== undefined) headers.set(k, v);
    }
    if (NULL_BODY.has(res.statusCode) || method === "HEAD") {
      await res.body.dump();
      return new Response(null, { status: res.statusCode, headers });
    }
    if ((headers.get("content-type") ?? "").includes("text/event-stream")) {
      const bounded = res.body.pipe(boundEvents(maxBytes));
      res.body.on("error", (err) => bounded.destroy(err));
      return new Response(Readable.toWeb(bounded) as ReadableStream<Uint8Array>, { status: res.statusCode, headers });
    }
    return new Response(await readBoundedText(res.body, maxBytes), { status: res.statusCode, headers });
  };
  return { fetch: fetchLike, close: () => dispatcher.close() };
}

import { Readable } from "node:stream";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { Agent, request } from "undici";

const NULL_BODY = new Set([101, 204, 205, 304]);

function toHeaderRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) headers.forEach((v, k) => (out[k] = v));
  else if (Array.isArray(headers)) for (const [k, v] of headers as [string, string][]) out[k.toLowerCase()] = v;
  else for (const [k, v] of Object.entries(headers as Record<string, string>)) out[k.toLowerCase()] = v;
  return out;
}

/**
 * A `fetch` for the SDK's Streamable HTTP client built on `undici.request` over one pooled
 * Agent. Node 20's global fetch measured 5–6x slower than undici.request on this class of
 * machine, and every call to a Streamable HTTP hosted server goes through it. JSON answers
 * are buffered; event streams are passed through as a web stream.
 */
export function createUndiciFetch(options: { connections?: number } = {}): { fetch: FetchLike; close: () => Promise<void> } {
  const dispatcher = new Agent({ connections: options.connections ?? 64, keepAliveTimeout: 10_000 });
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
      return new Response(Readable.toWeb(res.body) as ReadableStream<Uint8Array>, { status: res.statusCode, headers });
    }
    return new Response(Buffer.from(await res.body.arrayBuffer()), { status: res.statusCode, headers });
  };
  return { fetch: fetchLike, close: () => dispatcher.close() };
}

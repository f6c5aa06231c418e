import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One span as the collector received it (ids as lowercase hex, attributes flattened to strings). */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string>;
}

export interface OtlpCollector {
  /** The base endpoint, as OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  url: string;
  spans: CollectedSpan[];
  /** Headers of every export request received. */
  requests: { path: string; contentType: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value?: OtlpValue;
}
interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  attributes?: OtlpAttribute[];
}
interface OtlpExport {
  resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

/** OTLP/JSON carries ids as hex; accept base64 as well, in case an exporter sends protobuf-style JSON. */
function hexId(id: string | undefined): string {
  if (!id) return "";
  return /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, "base64").toString("hex");
}

function flatten(attributes: OtlpAttribute[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of attributes) {
    const v = a.value ?? {};
    out[a.key] = String(v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue ?? "");
  }
  return out;
}

/**
 * A small OTLP/HTTP trace collector on loopback: it accepts JSON exports on POST /v1/traces
 * (answering as a collector does, 200 with an empty partial-success object) and keeps the spans.
 * Anything else (protobuf, other paths) is refused with 415/404 and recorded, so a test sees it.
 */
export async function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: CollectedSpan[] = [];
  const requests: OtlpCollector["requests"] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const contentType = String(req.headers["content-type"] ?? "");
    requests.push({ path: req.url ?? "", contentType, headers: req.headers });
    if (req.method !== "POST" || req.url !== "/v1/traces") return void res.writeHead(404).end();
    if (!contentType.includes("application/json")) return void res.writeHead(415).end();
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpExport;
    for (const rs of body.resourceSpans ?? []) {
      const service = flatten(rs.resource?.attributes)["service.name"] ?? "";
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          spans.push({ service, traceId: hexId(s.traceId), spanId: hexId(s.spanId), parentSpanId: hexId(s.parentSpanId), name: s.name ?? "", kind: s.kind ?? 0, attributes: flatten(s.attributes) });
        }
      }
    }
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

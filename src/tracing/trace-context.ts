import type { IncomingMessage, ServerResponse } from "node:http";
import { context, createContextKey, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from "@opentelemetry/api";
import type { RequestHandler } from "express";

/** The request id rides in the trace context, so outgoing calls can pass it on (X-Request-Id). */
const REQUEST_ID = createContextKey("mcpfed.request-id");

const tracer = (): Tracer => trace.getTracer("mcpfed");

/** Probes and scrapes, polled every few seconds: tracing them would bury the calls. */
const UNTRACED_PATHS = new Set(["/healthz", "/metrics"]);

/**
 * Is a tracer provider with the W3C propagator registered (startTracing ran in this process)?
 * Factories ask once, at creation: with tracing off the request path does no tracing work at all.
 */
export function tracingActive(): boolean {
  return propagation.fields().includes("traceparent");
}

/** Starts one request's server span, continuing an incoming `traceparent`; `end` closes it. */
export type RequestSpanStarter = (req: IncomingMessage, res: ServerResponse, requestId: string, route: () => string, next: () => void) => void;

/**
 * The per-request tracer for the request-context middleware, or undefined when tracing is off.
 * `/healthz` and `/metrics` are not traced.
 * The span is named `METHOD route` once the route is known (at the end), carries the request id
 * and the status, never the query string, headers or body. The rest of the chain runs inside
 * the span's context, so child spans and outgoing calls attach to it.
 */
export function requestSpans(): RequestSpanStarter | undefined {
  if (!tracingActive()) return undefined;
  return (req, res, requestId, route, next) => {
    const path = (req.url ?? "/").split("?")[0];
    if (UNTRACED_PATHS.has(path)) return next();
    const incoming = propagation.extract(ROOT_CONTEXT, req.headers);
    const method = req.method ?? "GET";
    const span = tracer().startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": method, "url.path": path, "mcpfed.request_id": requestId } },
      incoming,
    );
    res.once("close", () => {
      const r = route();
      span.updateName(`${method} ${r}`);
      span.setAttribute("http.route", r);
      span.setAttribute("http.response.status_code", res.statusCode);
      if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    const active = trace.setSpan(incoming, span).setValue(REQUEST_ID, requestId);
    // the body arrives on the request's events, which run in the socket's context, not this one
    context.bind(active, req);
    context.with(active, next);
  };
}

/** Marks a span failed with the error's type only: messages may quote arguments or upstream text. */
function fail(span: Span, err: unknown): void {
  const type = err instanceof Error ? (((err as { code?: unknown }).code as string | undefined) ?? err.constructor.name) : typeof err;
  span.setAttribute("error.type", String(type));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** Span options of inSpan: kind (default internal) and attributes (never secrets or argument values). */
export interface InSpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
}

/**
 * Runs `fn` in a child span of the active one. With no recording span active (tracing off, or
 * the request not sampled) it only calls `fn`: the cost is one context lookup.
 */
export function inSpan<T>(name: string, fn: () => Promise<T>, options: InSpanOptions = {}): Promise<T> {
  if (trace.getActiveSpan()?.isRecording() !== true) return fn();
  return tracer().startActiveSpan(name, options, async (span) => {
    try {
      return await fn();
    } catch (err) {
      fail(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** inSpan and inSpanSync, or plain pass-throughs when tracing is off (asked once, at creation). */
export interface SpanRunner {
  inSpan: typeof inSpan;
  inSpanSync: typeof inSpanSync;
}

const UNTRACED: SpanRunner = { inSpan: (_name, fn) => fn(), inSpanSync: (_name, fn) => fn() };

/** The span helpers for a service built once per node: with tracing off they cost nothing but the call. */
export function spanRunner(): SpanRunner {
  return tracingActive() ? { inSpan, inSpanSync } : UNTRACED;
}

/** inSpan for synchronous work (validation, queueing a record). */
export function inSpanSync<T>(name: string, fn: () => T, options: InSpanOptions = {}): T {
  if (trace.getActiveSpan()?.isRecording() !== true) return fn();
  return tracer().startActiveSpan(name, options, (span) => {
    try {
      return fn();
    } catch (err) {
      fail(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * Wraps a middleware in a span of its own (auth): the span ends when the middleware passes the
 * request on, fails it, or the response closes. The middleware runs in the request's context,
 * so what follows it is not a child of its span. Returns `mw` itself when tracing is off.
 */
export function tracedMiddleware(name: string, mw: RequestHandler): RequestHandler {
  if (!tracingActive()) return mw;
  return (req, res, next) => {
    if (trace.getActiveSpan()?.isRecording() !== true) return mw(req, res, next);
    const span = tracer().startSpan(name);
    let open = true;
    const end = (err?: unknown) => {
      if (!open) return;
      open = false;
      if (err !== undefined && err !== null && err !== "route") fail(span, err);
      span.end();
    };
    res.once("close", () => end());
    return mw(req, res, (err?: unknown) => {
      end(err);
      next(err);
    });
  };
}

/**
 * Adds the active trace context (`traceparent`, `tracestate`) and the request id (`x-request-id`)
 * to an outgoing request's headers. Outside a traced request (tracing off, background work) the
 * active context is the root one and nothing is added.
 */
export function injectTraceHeaders(headers: Record<string, string>): void {
  const active = context.active();
  if (active === ROOT_CONTEXT) return;
  propagation.inject(active, headers);
  const id = active.getValue(REQUEST_ID);
  if (typeof id === "string" && headers["x-request-id"] === undefined) headers["x-request-id"] = id;
}

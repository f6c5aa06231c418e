/** What startTracing left running: `shutdown` flushes the spans still queued and stops exporting. */
export interface Tracing {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

const OFF: Tracing = { enabled: false, shutdown: async () => undefined };

/**
 * Is OTLP/HTTP trace export asked for by the standard OpenTelemetry environment variables? An
 * endpoint must be set (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`),
 * and neither `OTEL_SDK_DISABLED=true` nor `OTEL_TRACES_EXPORTER=none` turns it off.
 */
export function tracingRequested(env: Env): boolean {
  const endpoint = (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT ?? "").trim();
  if (endpoint === "") return false;
  if ((env.OTEL_SDK_DISABLED ?? "").trim().toLowerCase() === "true") return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? "otlp").split(",").map((s) => s.trim().toLowerCase());
  return !exporters.includes("none");
}

/**
 * Starts the OpenTelemetry SDK for this process when the environment asks for it, and only then
 * loads it: a node without an endpoint never imports the SDK, and the API stays a no-op (the
 * request path checks for that once, see trace-context.ts). The SDK itself reads the rest of
 * the standard variables: `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` (resource),
 * `OTEL_TRACES_SAMPLER[_ARG]` (sampler), `OTEL_EXPORTER_OTLP_[TRACES_]HEADERS`, `_TIMEOUT` and
 * `_ENDPOINT` (exporter, OTLP over HTTP with JSON bodies), `OTEL_BSP_*` (batching). Registers the
 * W3C trace-context propagator and an AsyncLocalStorage context manager for the whole process:
 * call it once, from the CLI, before the node is built.
 */
export async function startTracing(env: Env, onError: (message: string) => void = () => undefined): Promise<Tracing> {
  if (!tracingRequested(env)) return OFF;
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, { OTLPTraceExporter }, resources] = await Promise.all([
    import("@opentelemetry/sdk-trace-node"),
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
  ]);
  // the env detector gives OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES; without them the service is "mcpfed"
  const detected = resources.detectResources({ detectors: [resources.envDetector] });
  const resource = resources.defaultResource().merge(resources.resourceFromAttributes({ "service.name": "mcpfed" })).merge(detected);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  provider.register();
  return {
    enabled: true,
    shutdown: async () => {
      await provider.shutdown().catch((err: unknown) => onError(`tracing: flushing spans failed: ${(err as Error).name}`));
    },
  };
}

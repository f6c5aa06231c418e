import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { tracingRequested } from "../../src/tracing/tracing-setup";
import { ROOT } from "../support/test-node";

describe("tracing set-up from the OpenTelemetry environment", () => {
  test.each([
    [{}, false],
    [{ OTEL_SERVICE_NAME: "x" }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "  " }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://127.0.0.1:4318/v1/traces" }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "true" }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "false" }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_TRACES_EXPORTER: "none" }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_TRACES_EXPORTER: "otlp" }, true],
  ])("when the environment is %j, then tracing is requested: %s", (env, expected) => {
    expect(tracingRequested(env)).toBe(expected);
  });

  /** Runs startTracing(env) in a fresh process (built dist/) and lists the OpenTelemetry SDK modules it loaded. */
  function loadedSdkModules(env: Record<string, string>): string[] {
    const script = `
      require(${JSON.stringify(join(ROOT, "dist/node/create-node.js"))}); // the whole node's module graph
      const { startTracing } = require(${JSON.stringify(join(ROOT, "dist/tracing/tracing-setup.js"))});
      startTracing(${JSON.stringify(env)}).then(async (t) => {
        const sdk = Object.keys(require.cache).filter((k) => /@opentelemetry[\\\\/](sdk-|exporter-|resources)/.test(k));
        process.stdout.write(JSON.stringify({ enabled: t.enabled, sdk: [...new Set(sdk.map((k) => k.split(/@opentelemetry[\\\\/]/)[1].split(/[\\\\/]/)[0]))] }));
        await t.shutdown();
      });`;
    const out = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
    expect(out.status).toBe(0);
    const parsed = JSON.parse(out.stdout) as { enabled: boolean; sdk: string[] };
    return parsed.enabled ? parsed.sdk : parsed.sdk.length === 0 ? [] : ["(loaded while disabled)", ...parsed.sdk];
  }

  test("when no endpoint is set, then the SDK is never loaded, by the node's modules or the set-up", () => {
    expect(loadedSdkModules({})).toEqual([]);
  });

  test("when an endpoint is set, then the SDK and the OTLP/HTTP exporter are loaded", () => {
    expect(loadedSdkModules({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" })).toEqual(
      expect.arrayContaining(["sdk-trace-node", "sdk-trace-base", "exporter-trace-otlp-http", "resources"]),
    );
  });
});

import { Counter, Histogram, Registry } from "prom-client";
import { PlainSeries } from "../../src/metrics/plain-series";

const BUCKETS = [0.001, 0.01, 0.1, 1];
const EVENTS: [string, string, number][] = [
  ["POST", "/execute", 0.0004],
  ["POST", "/execute", 0.001],
  ["POST", "/execute", 0.02],
  ["GET", "/discover", 5],
  ["GET", "/say \"hi\"\\", 0.5],
];

/** The same events counted by prom-client's own Counter and Histogram, and by PlainSeries. */
async function renderBoth(): Promise<[string, string]> {
  const reference = new Registry();
  const counter = new Counter({ name: "x_total", help: "events", labelNames: ["method", "route"], registers: [reference] });
  const histogram = new Histogram({ name: "x_seconds", help: "latency", labelNames: ["method", "route"], buckets: BUCKETS, registers: [reference] });
  const plain = new Registry();
  const count = new PlainSeries("x_total", "events").registerIn(plain);
  const latency = new PlainSeries("x_seconds", "latency", BUCKETS).registerIn(plain);
  for (const [method, route, seconds] of EVENTS) {
    counter.inc({ method, route });
    histogram.observe({ method, route }, seconds);
    const key = `${method}\n${route}`;
    count.add(key, () => ({ method, route }));
    latency.add(key, () => ({ method, route }), seconds);
  }
  return [await reference.metrics(), await plain.metrics()];
}

describe("plain series", () => {
  test("when the same events are counted, then the text is the same as prom-client's counter and histogram", async () => {
    const [reference, plain] = await renderBoth();
    expect(plain).toBe(reference);
    expect(plain).toContain('x_seconds_bucket{le="0.001",method="POST",route="/execute"} 2');
    expect(plain).toContain('x_seconds_bucket{le="+Inf",method="GET",route="/discover"} 1');
  });

  test("when the registry is reset, then the series are empty", async () => {
    const registry = new Registry();
    const series = new PlainSeries("y_total", "events").registerIn(registry);
    series.add("a", () => ({ a: "1" }));
    expect(await registry.metrics()).toContain('y_total{a="1"} 1');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('y_total{a="1"}');
  });
});

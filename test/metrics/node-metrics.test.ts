import { NodeMetrics } from "../../src/metrics/node-metrics";
import { waitFor } from "../support/test-node";

/** Guards issue 12: "rendering /metrics stalls other requests" (a scrape loop re-rendered every time). */
describe("rendering /metrics", () => {
  const build = () => {
    const counter = { renders: 0 };
    // the servers source is read by two gauges on every rendering: it counts renderings
    const metrics = new NodeMetrics({
      servers: () => {
        counter.renders += 0.5;
        return {};
      },
      peers: () => [],
    });
    for (let i = 0; i < 200; i++) for (const outcome of ["success", "tool-error"]) metrics.toolExecution(`srv.tool-${i}`, outcome, 0.01);
    return { metrics, counter };
  };

  test("when many scrapes arrive at once, then they share one rendering", async () => {
    const { metrics, counter } = build();
    const texts = await Promise.all(Array.from({ length: 20 }, () => metrics.render()));
    expect(counter.renders).toBe(1);
    expect(new Set(texts).size).toBe(1);
    expect(texts[0]).toContain('tool="srv.tool-199"');
  });

  test("when scrapes follow each other closely, then a fresh rendering is reused, and new data shows soon after", async () => {
    const { metrics, counter } = build();
    await metrics.render();
    await metrics.render();
    expect(counter.renders).toBe(1);
    metrics.toolExecution("srv.tool-0", "late-outcome", 0.01);
    await waitFor(async () => (await metrics.render()).includes('tool="srv.tool-0",outcome="late-outcome"'), 5000, 10);
    expect(counter.renders).toBe(2);
  });
});

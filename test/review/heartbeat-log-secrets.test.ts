import { Writable } from "node:stream";
import pino from "pino";
import { HeartbeatMonitor } from "../../src/directory/heartbeat-monitor";
import { MemoryHeartbeatsStore } from "../../src/store/memory/memory-heartbeats-store";

/**
 * Withdrawing or restoring a member can fail with an error that quotes its remote's URL, and a
 * member's URL may carry a credential (`?token=`, `user:pass@`). Secrets are never logged.
 */
describe("heartbeat monitor logs", () => {
  test("when withdrawing and restoring a member fail with errors quoting a credential, then the log holds no credential", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString("utf8"));
        done();
      },
    });
    let now = 1_000_000;
    const failure = () => Promise.reject(new Error("connect to https://member:hunter2@weather.example/mcp?token=sk-live-123 failed"));
    const monitor = new HeartbeatMonitor({ store: new MemoryHeartbeatsStore(), intervalMs: 100, withdraw: failure, restore: failure, logger: pino({ level: "info" }, sink), now: () => now });
    await monitor.beat("weather");
    now += 1_000; // past three intervals
    await monitor.tick();
    expect(monitor.isStale("weather")).toBe(true);
    await monitor.beat("weather");
    const log = lines.join("");
    expect(log).toMatch(/stale member not withdrawn/);
    expect(log).toMatch(/member not published again/);
    expect(log).toContain("weather.example");
    expect(log).not.toContain("hunter2");
    expect(log).not.toContain("sk-live-123");
  });
});

import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ResultCache } from "../../src/cache/result-cache";

const result = (text: string): CallToolResult => ({ content: [{ type: "text", text }] });
const info = (tool = "app.t", tags: string[] = []) => ({ tool, tags, ttlMs: 1000 });
const bytesOf = (r: CallToolResult) => Buffer.byteLength(JSON.stringify(r));

describe("ResultCache bounds", () => {
  test("when more entries than maxEntries are set, then the least recently used go first", () => {
    const cache = new ResultCache({ maxEntries: 2, maxBytes: 1_000_000 });
    cache.set("a", result("a"), info());
    cache.set("b", result("b"), info());
    expect(cache.get("a")).toEqual(result("a")); // a is now the most recent
    cache.set("c", result("c"), info());
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toEqual(result("a"));
    expect(cache.get("c")).toEqual(result("c"));
    expect(cache.size).toBe(2);
  });

  test("when the bytes pass maxBytes, then entries are evicted until they fit; a result larger than the bound is not kept", () => {
    const one = bytesOf(result("x".repeat(100)));
    const cache = new ResultCache({ maxEntries: 100, maxBytes: one * 2 });
    cache.set("a", result("a".repeat(100)), info());
    cache.set("b", result("b".repeat(100)), info());
    cache.set("c", result("c".repeat(100)), info());
    expect(cache.size).toBe(2);
    expect(cache.totalBytes).toBeLessThanOrEqual(one * 2);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.set("big", result("z".repeat(one * 3)), info())).toBe(false);
    expect(cache.get("big")).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  test("when an entry's ttl has passed, then it is not served and its bytes are released", () => {
    let now = 0;
    const cache = new ResultCache({ maxEntries: 10, maxBytes: 1_000_000, now: () => now });
    cache.set("a", result("a"), info());
    now = 999;
    expect(cache.get("a")).toEqual(result("a"));
    now = 1000;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.totalBytes).toBe(0);
  });

  test("when a caller changes a served result, then the stored entry is unchanged", () => {
    const cache = new ResultCache({ maxEntries: 10, maxBytes: 1_000_000 });
    const stored = result("kept");
    cache.set("a", stored, info());
    (stored.content[0] as { text: string }).text = "changed by the first caller";
    const served = cache.get("a") as CallToolResult;
    (served.content[0] as { text: string }).text = "changed by the second caller";
    expect(cache.get("a")).toEqual(result("kept"));
  });

  test("when tags are invalidated, then exactly the entries carrying one of them go", () => {
    const cache = new ResultCache({ maxEntries: 10, maxBytes: 1_000_000 });
    cache.set("a", result("a"), info("app.a", ["x", "app"]));
    cache.set("b", result("b"), info("app.b", ["y", "app"]));
    cache.set("c", result("c"), info("other.c", ["z"]));
    expect(cache.invalidateTags(["x", "z"])).toBe(2);
    expect([cache.get("a"), cache.get("b"), cache.get("c")].map((r) => r !== undefined)).toEqual([false, true, false]);
    cache.resize({ maxEntries: 0, maxBytes: 1 });
    expect(cache.size).toBe(0);
  });
});

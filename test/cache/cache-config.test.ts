import { NodeConfigSchema } from "../../src/config/config-schema";

const parse = (extra: Record<string, unknown>) => NodeConfigSchema.safeParse({ node: { db: ":memory:" }, ...extra });
const messages = (r: ReturnType<typeof parse>) => (r.success ? "" : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));

describe("cache and limits configuration", () => {
  test("when nothing is configured, then there are no rules and the cache has its default bounds", () => {
    const r = parse({});
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.cache).toEqual({ tools: {}, maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 });
    expect(r.data.limits).toMatchObject({ tools: {}, tokens: {} });
    expect(r.data.limits.ipPerMinute).toBeUndefined();
  });

  test("when durations are given as text, then they are parsed once into milliseconds", () => {
    const r = parse({ mcpServers: { app: { command: "node", cache: { ttl: "90s" } } }, cache: { tools: { "ext.*": { ttl: "5m", tags: ["ext"] } } } });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.mcpServers.app.cache).toEqual({ ttl: 90_000 });
    expect(r.data.cache.tools["ext.*"]).toEqual({ ttl: 300_000, tags: ["ext"] });
  });

  test.each([
    ["a server ttl that is no duration", { mcpServers: { app: { command: "node", cache: { ttl: "soon" } } } }, /mcpServers\.app/],
    ["a ttl of zero", { cache: { tools: { "a.b": { ttl: 0 } } } }, /cache\.tools\.a\.b\.ttl/],
    ["a ttl over a day", { cache: { tools: { "a.b": { ttl: "2d" } } } }, /at most 1d/],
    ["an unknown key in a cache rule", { cache: { tools: { "a.b": { ttl: "1m", max: 3 } } } }, /max/],
    ["a tag with a space", { cache: { tools: { "a.b": { ttl: "1m", tags: ["a b"] } } } }, /tags/],
    ["a negative ipPerMinute", { limits: { ipPerMinute: -1 } }, /limits\.ipPerMinute/],
    ["a token limit without perMinute", { limits: { tokens: { "p-*": {} } } }, /limits\.tokens\.p-\*\.perMinute/],
  ])("when the config has %s, then it is refused naming the key", (_label, extra, expected) => {
    const r = parse(extra);
    expect(r.success).toBe(false);
    expect(messages(r)).toMatch(expected);
  });
});

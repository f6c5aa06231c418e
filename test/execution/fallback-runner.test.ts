import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load-config";
import { AppError, CancelledError, NotFoundError, UnavailableError, UpstreamTimeoutError, ValidationError } from "../../src/errors";
import { callWithFallback, MAX_FALLBACK_ATTEMPTS, SERVED_BY_META } from "../../src/execution/fallback-runner";
import { FallbackSchema } from "../../src/execution/fallback-schema";
import { FallbackTable } from "../../src/execution/fallback-table";
import { tempDir } from "../support/test-node";

describe("FallbackTable", () => {
  const table = new FallbackTable({
    "app.search": ["ext.search", "app.search", "ext.search", "search.query@partner.example"],
    "app.*": ["ext.any"],
    "*@partner.example": ["app.search"],
  });

  test.each([
    ["app.search", ["ext.search", "search.query@partner.example"]],
    ["app.other", ["ext.any"]],
    ["find@partner.example", ["app.search"]],
    ["zzz.none", []],
  ])("when %s fails, then the candidates are %j", (id, expected) => {
    expect(table.candidatesFor(id)).toEqual(expected);
  });

  test("when the table is replaced, then the old lists are gone", () => {
    const t = new FallbackTable({ "a.b": ["c.d"] });
    t.replace({ "x.*": ["y.z"] });
    expect(t.candidatesFor("a.b")).toEqual([]);
    expect(t.candidatesFor("x.q")).toEqual(["y.z"]);
  });

  test("when a candidate is not a tool id, then the config is refused", () => {
    expect(FallbackSchema.safeParse({ "a.b": ["not a tool"] }).success).toBe(false);
    expect(FallbackSchema.safeParse({ "a.b": [] }).success).toBe(false);
    expect(FallbackSchema.safeParse({ "a.b": ["c.d", "e.f@partner.example:8443"] }).success).toBe(true);
  });
});

describe("callWithFallback", () => {
  const unavailable = () => new UnavailableError("down", 1);
  const run = (failing: (id: string) => AppError | undefined, candidates: string[], signal?: AbortSignal) => {
    const tried: string[] = [];
    const promise = callWithFallback(
      {
        id: "p.t",
        signal,
        attempt: async (id) => {
          tried.push(id);
          const err = failing(id);
          if (err) throw err;
          return { content: [{ type: "text", text: id }] };
        },
      },
      { table: new FallbackTable({ "p.t": candidates }) },
    );
    return { tried, promise };
  };

  test("when every candidate fails, then at most MAX_FALLBACK_ATTEMPTS are called and the primary's error is thrown", async () => {
    const primary = new UpstreamTimeoutError("primary timed out");
    const { tried, promise } = run((id) => (id === "p.t" ? primary : unavailable()), Array.from({ length: 12 }, (_, i) => `c.t${i}`));
    await expect(promise).rejects.toBe(primary);
    expect(tried).toHaveLength(1 + MAX_FALLBACK_ATTEMPTS);
  });

  test.each([
    [new ValidationError("bad"), 400],
    [new NotFoundError("no"), 404],
    [new CancelledError("gone"), 499],
  ])("when the primary fails with %s, then no candidate is tried", async (err, status) => {
    const { tried, promise } = run(() => err, ["c.t"]);
    await expect(promise).rejects.toMatchObject({ status });
    expect(tried).toEqual(["p.t"]);
  });

  test("when the caller hung up, then a 503 does not fall back", async () => {
    const hangUp = new AbortController();
    hangUp.abort();
    const { tried, promise } = run(() => unavailable(), ["c.t"], hangUp.signal);
    await expect(promise).rejects.toMatchObject({ status: 503 });
    expect(tried).toEqual(["p.t"]);
  });

  test("when a candidate answers 4xx, then it is skipped and the next one serves", async () => {
    const { tried, promise } = run((id) => (id === "p.t" ? unavailable() : id === "c.a" ? new ValidationError("schema") : undefined), ["c.a", "c.b"]);
    await expect(promise).resolves.toMatchObject({ _meta: { [SERVED_BY_META]: "c.b" } });
    expect(tried).toEqual(["p.t", "c.a", "c.b"]);
  });
});

describe("fallback in a config file", () => {
  test("when the file has the DESIGN example, then it loads with its defaults", () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, "node.json");
      writeFileSync(
        path,
        JSON.stringify({
          fallback: { "app.search": ["ext.search", "search.query@partner.example"] },
          federation: { fallback: true },
          mcpServers: { app: { command: "node", args: ["app.js"], retries: 2, breaker: { failures: 5, openFor: "10s" }, timeout: "20s" } },
        }),
      );
      const c = loadConfig({ config: path }, {});
      expect(c.fallback).toEqual({ "app.search": ["ext.search", "search.query@partner.example"] });
      expect(c.federation).toEqual({ syncInterval: 30_000, fallback: true });
      expect(c.mcpServers.app).toMatchObject({ retries: 2, breaker: { failures: 5, openFor: 10_000 }, timeout: 20_000 });
      expect(loadConfig({}, {}).federation.fallback).toBe(false);
    } finally {
      cleanup();
    }
  });

  test("when a fallback target is not a tool id, then loading fails naming the key", () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, "node.json");
      writeFileSync(path, JSON.stringify({ fallback: { "app.search": ["no spaces allowed"] } }));
      expect(() => loadConfig({ config: path }, {})).toThrow(/fallback/);
    } finally {
      cleanup();
    }
  });
});

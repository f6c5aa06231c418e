import { UnavailableError } from "../../src/errors";
import { ConcurrencyLimit } from "../../src/util/concurrency-limit";

/** The limit as it was written before its free-slot path stopped being an async function: the reference. */
class ReferenceLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    private readonly name: string,
    private readonly max: number,
    private readonly queue: number,
  ) {}
  get inFlight(): number {
    return this.active;
  }
  get queued(): number {
    return this.waiting.length;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.queue) throw new UnavailableError(`${this.name} is at its limit of ${this.max} concurrent calls and ${this.queue} queued`, 1);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

type Limit = Pick<ConcurrencyLimit, "run" | "inFlight" | "queued">;

/** A scripted run: calls that succeed, fail, throw synchronously, wait and overflow; returns what was seen. */
async function script(limit: Limit): Promise<string[]> {
  const seen: string[] = [];
  const gates: Record<string, { open: () => void; fail: () => void }> = {};
  const held = (name: string) => () =>
    new Promise<string>((resolve, reject) => {
      seen.push(`start ${name}`);
      gates[name] = { open: () => resolve(name), fail: () => reject(new Error(`${name} failed`)) };
    });
  const track = (name: string, p: Promise<unknown>) =>
    p.then(
      (v) => seen.push(`done ${name}: ${String(v)}`),
      (e: unknown) => seen.push(`error ${name}: ${e instanceof UnavailableError ? `503 ${e.message}` : (e as Error).message}`),
    );
  const state = () => seen.push(`inFlight ${limit.inFlight} queued ${limit.queued}`);
  const settle = () => new Promise((r) => setImmediate(r));
  const all = [
    track("a", limit.run(held("a"))),
    track("b", limit.run(held("b"))),
    track("c", limit.run(held("c"))),
    track("d", limit.run(held("d"))),
  ];
  state();
  await settle();
  gates.a.fail();
  await settle();
  state();
  gates.b.open();
  await settle();
  state();
  all.push(
    track(
      "e",
      limit.run(() => {
        throw new Error("e threw");
      }),
    ),
  );
  await settle();
  state();
  gates.c.open();
  all.push(track("f", limit.run(held("f"))));
  await settle();
  gates.f.open();
  await Promise.all(all);
  state();
  return seen;
}

describe("concurrency limit", () => {
  test("when calls run, wait, overflow, fail and throw, then it behaves exactly as the async reference", async () => {
    const fast = await script(new ConcurrencyLimit("srv", 2, 1));
    const reference = await script(new ReferenceLimit("srv", 2, 1));
    expect(fast).toEqual(reference);
    // and the script did exercise every path
    expect(fast).toContain("error d: 503 srv is at its limit of 2 concurrent calls and 1 queued");
    expect(fast).toContain("error a: a failed");
    expect(fast).toContain("error e: e threw");
    expect(fast).toContain("done c: c");
    expect(fast[fast.length - 1]).toBe("inFlight 0 queued 0");
  });

  test("when a free-slot call throws synchronously, then its slot is released", async () => {
    const limit = new ConcurrencyLimit("srv", 1, 0);
    await expect(
      limit.run(() => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
    expect(limit.inFlight).toBe(0);
    await expect(limit.run(async () => "next")).resolves.toBe("next");
  });
});

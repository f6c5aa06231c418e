import { describeEachAdapter } from "./adapters";
import { buildSubmission } from "./builders";

describeEachAdapter("submissions store", (fx) => {
  test("when a version is published, then it is latest and published, with its manifest and report as stored", async () => {
    const s = await fx.fresh();
    const sub = buildSubmission();
    await s.submissions.record(sub, [{ tool: "t1", sha256: "a".repeat(64) }]);
    expect(await s.submissions.latest("tool")).toEqual(sub);
    expect(await s.submissions.published("tool")).toEqual(sub);
    expect(await s.submissions.pins("tool")).toEqual(new Map([["t1", "a".repeat(64)]]));
    expect(await s.submissions.latest("other")).toBeUndefined();
    expect(await s.submissions.published("other")).toBeUndefined();
  });

  test("when a newer version is published, then the older is superseded, still counts as published once, and pins are replaced", async () => {
    const s = await fx.fresh();
    await s.submissions.record(buildSubmission({ version: "1.0.0" }), [{ tool: "old", sha256: "1" }]);
    await s.submissions.record(buildSubmission({ version: "2.0.0" }), [{ tool: "new", sha256: "2" }]);
    expect((await s.submissions.published("tool"))?.version).toBe("2.0.0");
    expect((await s.submissions.allPublished()).map((x) => x.version)).toEqual(["2.0.0"]);
    expect(await s.submissions.versionPublished("tool", "1.0.0")).toBe(true);
    expect(await s.submissions.versionPublished("tool", "3.0.0")).toBe(false);
    expect(await s.submissions.pins("tool")).toEqual(new Map([["new", "2"]]));
  });

  test("when a submission is rejected, then it is the latest decision but publishes nothing and keeps the pins", async () => {
    const s = await fx.fresh();
    await s.submissions.record(buildSubmission({ version: "1.0.0" }), [{ tool: "t", sha256: "1" }]);
    await s.submissions.record(buildSubmission({ version: "2.0.0", status: "rejected", owner: "mallory" }));
    expect((await s.submissions.latest("tool"))?.status).toBe("rejected");
    expect((await s.submissions.published("tool"))?.version).toBe("1.0.0");
    expect(await s.submissions.versionPublished("tool", "2.0.0")).toBe(false);
    expect(await s.submissions.pins("tool")).toEqual(new Map([["t", "1"]]));
  });

  test("when the only submissions of a name were rejected, then it has no owner; otherwise the first publisher owns it", async () => {
    const s = await fx.fresh();
    await s.submissions.record(buildSubmission({ status: "rejected", owner: "early" }));
    expect(await s.submissions.owner("tool")).toBeUndefined();
    await s.submissions.record(buildSubmission({ owner: "first" }));
    await s.submissions.record(buildSubmission({ owner: "second", version: "2.0.0" }));
    expect(await s.submissions.owner("tool")).toBe("first");
  });

  test("when a name is unpublished, then nothing is published, pins are gone, the owner stays, and a second unpublish reports false", async () => {
    const s = await fx.fresh();
    await s.submissions.record(buildSubmission({ name: "a" }), [{ tool: "t", sha256: "1" }]);
    await s.submissions.record(buildSubmission({ name: "b" }));
    expect(await s.submissions.unpublish("a")).toBe(true);
    expect(await s.submissions.published("a")).toBeUndefined();
    expect(await s.submissions.pins("a")).toEqual(new Map());
    expect(await s.submissions.owner("a")).toBe("acme");
    expect((await s.submissions.allPublished()).map((x) => x.name)).toEqual(["b"]);
    expect(await s.submissions.unpublish("a")).toBe(false);
    expect(await s.submissions.count()).toBe(2);
  });

  test("when two handles publish versions of one name at the same time, then exactly one version is published", async () => {
    if (!fx.reopen) return;
    const s = await fx.fresh();
    const other = await fx.reopen();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? s : other).submissions.record(buildSubmission({ version: `1.0.${i}` }), [{ tool: `t${i}`, sha256: "x" }])),
    );
    expect(await s.submissions.allPublished()).toHaveLength(1);
    expect((await s.submissions.pins("tool")).size).toBe(1);
  });
});

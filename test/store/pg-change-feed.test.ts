import pg from "pg";
import type { StoreChange, Stores } from "../../src/store/ports";
import { createPostgresStores } from "../../src/store/postgres/pg-stores";
import { waitFor } from "../support/test-node";
import { describePostgres } from "./contract/adapters";
import { buildEntry, buildSubmission } from "./contract/builders";

describePostgres("changes between replicas (LISTEN/NOTIFY)", ({ server }) => {
  let a: Stores;
  let b: Stores;
  let url: string;
  const heardByA: StoreChange[] = [];
  const heardByB: StoreChange[] = [];
  beforeAll(async () => {
    url = await server().createDatabase();
    [a, b] = await Promise.all([createPostgresStores({ url }), createPostgresStores({ url })]);
    a.changes.subscribe((c) => heardByA.push(c));
    b.changes.subscribe((c) => heardByB.push(c));
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });
  beforeEach(() => {
    heardByA.length = 0;
    heardByB.length = 0;
  });

  test("when one replica writes the catalog, submissions and peers, then the other hears each change within 2 s and the writer hears nothing", async () => {
    await a.catalog.replaceServer("srv", [buildEntry({ name: "srv.t" })]);
    await a.submissions.record(buildSubmission({ name: "pub" }));
    await a.submissions.record(buildSubmission({ name: "rej", status: "rejected" }));
    await a.submissions.unpublish("pub");
    await a.peers.save({ url: "http://p.example" });
    await a.peers.remove("http://p.example");
    await waitFor(() => heardByB.length >= 5, 2_000);
    expect(heardByB).toEqual([
      { topic: "catalog", server: "srv" },
      { topic: "submissions", name: "pub" },
      { topic: "submissions", name: "pub" },
      { topic: "peers" },
      { topic: "peers" },
    ]);
    expect(heardByA).toEqual([]);
  });

  test("when one replica announces a cache invalidation, then the other hears its tags and the announcer does not", async () => {
    await a.changes.announce?.({ topic: "cache", tags: ["search", "app"] });
    await waitFor(() => heardByB.length >= 1, 2_000);
    expect(heardByB).toEqual([{ topic: "cache", tags: ["search", "app"] }]);
    expect(heardByA).toEqual([]);
  });

  test("when a write is rolled back, then nothing is announced", async () => {
    await expect(a.catalog.replaceServer("bad", [buildEntry({ name: "bad.t", version: null as unknown as string })])).rejects.toBeTruthy();
    await b.peers.save({ url: "http://marker.example" }); // heard by A: proves delivery happened meanwhile
    await waitFor(() => heardByA.length > 0, 2_000);
    expect(heardByB).toEqual([]);
  });

  test("when the listening connection is killed, then the replica reconnects, announces a resync, and hears changes again", async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mcpfed-listen' AND datname = current_database()");
    } finally {
      await admin.end();
    }
    await waitFor(() => heardByA.some((c) => c.topic === "resync") && heardByB.some((c) => c.topic === "resync"), 8_000);
    await a.catalog.replaceServer("after", []);
    await waitFor(() => heardByB.some((c) => c.topic === "catalog" && c.server === "after"), 2_000);
  }, 15_000);
});

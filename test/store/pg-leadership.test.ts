import pg from "pg";
import type { Stores } from "../../src/store/ports";
import { createPostgresStores } from "../../src/store/postgres/pg-stores";
import { describeEachAdapter, describePostgres } from "./contract/adapters";

describeEachAdapter("leadership", (fx) => {
  test("when one replica asks for a role, then it leads it, and keeps leading on later asks", async () => {
    const s = await fx.fresh();
    expect(await s.leadership.tryLead("governance-recheck")).toBe(true);
    expect(await s.leadership.tryLead("governance-recheck")).toBe(true);
  });
});

describePostgres("leadership between replicas (advisory locks)", ({ server }) => {
  const open: Stores[] = [];
  const replica = async (url: string) => {
    const s = await createPostgresStores({ url });
    open.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  test("when three replicas ask for a role, then exactly one leads; when it stops, another takes over on its next ask", async () => {
    const url = await server().createDatabase();
    const rs = await Promise.all([replica(url), replica(url), replica(url)]);
    const first = await Promise.all(rs.map((r) => r.leadership.tryLead("recheck")));
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await Promise.all(rs.map((r) => r.leadership.tryLead("other-role")))).toContain(true);
    const leader = rs[first.indexOf(true)];
    await leader.close();
    const others = rs.filter((r) => r !== leader);
    const next = await Promise.all(others.map((r) => r.leadership.tryLead("recheck")));
    expect(next.filter(Boolean)).toHaveLength(1);
  });

  test("when the leader's connection dies (as with kill -9), then the lock is freed and another replica leads", async () => {
    const url = await server().createDatabase();
    const [a, b] = await Promise.all([replica(url), replica(url)]);
    expect(await a.leadership.tryLead("recheck")).toBe(true);
    expect(await b.leadership.tryLead("recheck")).toBe(false);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // the leader's dedicated connection is the one holding an advisory lock
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(await b.leadership.tryLead("recheck")).toBe(true);
    expect(await a.leadership.tryLead("recheck")).toBe(false);
  });
});

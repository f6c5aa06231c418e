import { loadConfig } from "../../src/config/load-config";
import { parseDatabaseTarget } from "../../src/store/create-stores";

describe("choosing the database from the environment and flags", () => {
  const PG = "postgres://mcpfed:secret@db.internal:5432/mcpfed";

  test("when DATABASE_URL is a postgres URL, then the node uses PostgreSQL", () => {
    const config = loadConfig({}, { DATABASE_URL: PG });
    expect(config.node.db).toBe(PG);
    expect(parseDatabaseTarget(config.node.db).kind).toBe("postgres");
  });

  test.each([
    [{ DATABASE_URL: PG, MCPFED_DB: "/tmp/a.db" }, {}, "/tmp/a.db"],
    [{ DATABASE_URL: PG }, { db: "/tmp/flag.db" }, "/tmp/flag.db"],
    [{ DATABASE_URL: "" }, {}, "./data/mcpfed.db"],
  ])("when the environment is %j and the flags %j, then db is %s", (env, flags, db) => {
    expect(loadConfig(flags, env).node.db).toBe(db);
  });
});

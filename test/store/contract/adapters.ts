import { join } from "node:path";
import { createMemoryStores } from "../../../src/store/memory/memory-stores";
import type { Stores } from "../../../src/store/ports";
import { createPostgresStores } from "../../../src/store/postgres/pg-stores";
import { createSqliteStores } from "../../../src/store/sqlite/sqlite-stores";
import { postgresAvailability, postgresRequired, TestPostgres } from "../../support/test-postgres";
import { tempDir } from "../../support/test-node";

/** Opens fresh, empty stores of one adapter; a second call gives a second handle on the SAME data. */
export interface StoresFixture {
  fresh(): Promise<Stores>;
  /** Another connection to the database of the last fresh() (null for memory: one process only). */
  reopen: (() => Promise<Stores>) | null;
}

type Setup = () => { fixture: StoresFixture; cleanup: () => Promise<void> };

const memory: Setup = () => ({ fixture: { fresh: async () => createMemoryStores(), reopen: null }, cleanup: async () => {} });

const sqlite: Setup = () => {
  const { dir, cleanup } = tempDir();
  let n = 0;
  let last = "";
  return {
    fixture: {
      fresh: async () => createSqliteStores((last = join(dir, `s${n++}.db`))),
      reopen: async () => createSqliteStores(last),
    },
    cleanup: async () => cleanup(),
  };
};

/**
 * Runs `body` once per adapter (memory, SQLite, PostgreSQL) with a fixture whose stores are
 * closed after each test. Without PostgreSQL its suite skips, except in CI, where it fails.
 */
export function describeEachAdapter(title: string, body: (fx: StoresFixture) => void): void {
  const opened: Stores[] = [];
  const track = (open: () => Promise<Stores>) => async () => {
    const s = await open();
    opened.push(s);
    return s;
  };
  const closeOpened = async () => {
    for (const s of opened.splice(0)) await s.close();
  };
  for (const [name, setup] of [
    ["memory", memory],
    ["sqlite", sqlite],
  ] as const) {
    describe(`${title} [${name}]`, () => {
      const { fixture, cleanup } = setup();
      afterEach(closeOpened);
      afterAll(cleanup);
      body({ fresh: track(fixture.fresh), reopen: fixture.reopen && track(fixture.reopen) });
    });
  }
  describePostgres(`${title} [postgres]`, (pgFixture) => {
    afterEach(closeOpened);
    body({ fresh: track(pgFixture.fresh), reopen: pgFixture.reopen && track(pgFixture.reopen) });
  });
}

/** A describe block with a real PostgreSQL (see test-postgres.ts for where it comes from). */
export function describePostgres(title: string, body: (fx: StoresFixture & { server: () => TestPostgres }) => void): void {
  if (postgresAvailability() === "missing") {
    if (postgresRequired()) {
      test(`${title}: PostgreSQL is available (required in CI)`, () => {
        throw new Error("PostgreSQL binaries not found and MCPFED_TEST_PG_URL unset: install Debian's postgresql package");
      });
    } else {
      describe.skip(`${title} (no PostgreSQL here)`, () => body({ fresh: async () => createMemoryStores(), reopen: null, server: () => undefined as never }));
    }
    return;
  }
  describe(title, () => {
    let server: TestPostgres | undefined;
    let last = "";
    beforeAll(() => {
      server = TestPostgres.start();
    }, 60_000);
    afterAll(async () => server?.stop());
    const need = () => {
      if (!server) throw new Error("PostgreSQL did not start");
      return server;
    };
    body({
      fresh: async () => createPostgresStores({ url: (last = await need().createDatabase()) }),
      reopen: async () => createPostgresStores({ url: last }),
      server: need,
    });
  });
}

/**
 * Schema migrations, applied in order; PRAGMA user_version records how many have run.
 * Never edit a shipped migration: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE records (
    id          INTEGER PRIMARY KEY,
    mcp_name    TEXT    NOT NULL,
    success     INTEGER NOT NULL,
    latency_ms  REAL    NOT NULL,
    cost        REAL,
    ts          INTEGER NOT NULL,
    source      TEXT    NOT NULL,
    error_class TEXT
  );
  CREATE INDEX records_ts ON records (ts DESC, id DESC);
  CREATE INDEX records_name_ts ON records (mcp_name, ts DESC, id DESC);

  CREATE TABLE catalog (
    name              TEXT PRIMARY KEY,
    server            TEXT    NOT NULL,
    origin            TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    version           TEXT    NOT NULL,
    tags              TEXT    NOT NULL,
    capabilities      TEXT    NOT NULL,
    input_schema      TEXT    NOT NULL,
    executable        INTEGER NOT NULL,
    definition_sha256 TEXT    NOT NULL,
    updated_at        INTEGER NOT NULL
  );
  CREATE INDEX catalog_server ON catalog (server);
  `,
  `
  CREATE TABLE peers (
    url      TEXT PRIMARY KEY,
    token    TEXT,
    added_at INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE submissions (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    version    TEXT    NOT NULL,
    owner      TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    manifest   TEXT    NOT NULL,
    report     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX submissions_name ON submissions (name, id DESC);

  CREATE TABLE tool_pins (
    server TEXT NOT NULL,
    tool   TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (server, tool)
  );
  `,
  `
  CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    ts      INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    target  TEXT    NOT NULL,
    outcome TEXT    NOT NULL,
    detail  TEXT
  );
  CREATE INDEX audit_ts ON audit (id DESC);
  `,
  `
  ALTER TABLE catalog ADD COLUMN definition TEXT;
  `,
  `
  CREATE TABLE node_keys (
    id         TEXT PRIMARY KEY,
    purpose    TEXT    NOT NULL,
    material   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
  );
  CREATE UNIQUE INDEX node_keys_current ON node_keys (purpose) WHERE retired_at IS NULL;

  CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    owner      TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_expires ON sessions (expires_at);

  CREATE TABLE rate_counters (
    key          TEXT    NOT NULL,
    window_start INTEGER NOT NULL,
    window_end   INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
  );
  CREATE INDEX rate_counters_end ON rate_counters (window_end);
  `,
  `
  CREATE TABLE peer_sync (
    url        TEXT PRIMARY KEY,
    snapshot   TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE member_heartbeats (
    name       TEXT PRIMARY KEY,
    last_beat  INTEGER NOT NULL
  );
  `,
];

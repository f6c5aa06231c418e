/**
 * PostgreSQL schema migrations, applied in order under an advisory lock (pg-migrate.ts); the
 * table mcpfed_migrations records which have run. Never edit a shipped migration: append one.
 * Same tables and columns as the SQLite schema; names sort in byte order (COLLATE "C") as in
 * SQLite; JSON is kept as text so that key order (the order of a schema's properties, which
 * maps positional arguments) survives.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE records (
    id          BIGSERIAL PRIMARY KEY,
    mcp_name    TEXT             NOT NULL,
    success     BOOLEAN          NOT NULL,
    latency_ms  DOUBLE PRECISION NOT NULL,
    cost        DOUBLE PRECISION,
    ts          BIGINT           NOT NULL,
    source      TEXT             NOT NULL,
    error_class TEXT
  );
  CREATE INDEX records_ts ON records (ts DESC, id DESC);
  CREATE INDEX records_name_ts ON records (mcp_name, ts DESC, id DESC);

  CREATE TABLE catalog (
    name              TEXT COLLATE "C" PRIMARY KEY,
    server            TEXT    NOT NULL,
    origin            TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    version           TEXT    NOT NULL,
    tags              TEXT    NOT NULL,
    capabilities      TEXT    NOT NULL,
    input_schema      TEXT    NOT NULL,
    executable        BOOLEAN NOT NULL,
    definition_sha256 TEXT    NOT NULL,
    updated_at        BIGINT  NOT NULL,
    definition        TEXT
  );
  CREATE INDEX catalog_server ON catalog (server);

  CREATE TABLE peers (
    url      TEXT COLLATE "C" PRIMARY KEY,
    token    TEXT,
    added_at BIGINT NOT NULL
  );

  CREATE TABLE submissions (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT   NOT NULL,
    version    TEXT   NOT NULL,
    owner      TEXT   NOT NULL,
    status     TEXT   NOT NULL,
    manifest   TEXT   NOT NULL,
    report     TEXT   NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX submissions_name ON submissions (name, id DESC);

  CREATE TABLE tool_pins (
    server TEXT NOT NULL,
    tool   TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (server, tool)
  );

  CREATE TABLE audit (
    id      BIGSERIAL PRIMARY KEY,
    ts      BIGINT NOT NULL,
    actor   TEXT   NOT NULL,
    action  TEXT   NOT NULL,
    target  TEXT   NOT NULL,
    outcome TEXT   NOT NULL,
    detail  TEXT
  );

  CREATE TABLE node_keys (
    id         TEXT PRIMARY KEY,
    purpose    TEXT   NOT NULL,
    material   TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT,
    seq        BIGSERIAL
  );
  CREATE UNIQUE INDEX node_keys_current ON node_keys (purpose) WHERE retired_at IS NULL;

  CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    owner      TEXT   NOT NULL,
    data       TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX sessions_expires ON sessions (expires_at);

  CREATE TABLE rate_counters (
    key          TEXT    NOT NULL,
    window_start BIGINT  NOT NULL,
    window_end   BIGINT  NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
  );
  CREATE INDEX rate_counters_end ON rate_counters (window_end);
  `,
  `
  CREATE TABLE peer_sync (
    url        TEXT PRIMARY KEY,
    snapshot   TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
  );
  `,
  `
  CREATE TABLE member_heartbeats (
    name       TEXT PRIMARY KEY,
    last_beat  BIGINT NOT NULL
  );
  `,
];

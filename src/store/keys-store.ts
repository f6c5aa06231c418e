import type { Db } from "./database";

/** One of the node's signing keys. The private JWK never leaves the node. */
export interface Key {
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  /** The private key as a JWK (OKP/Ed25519, with `d`). */
  privateJwk: Record<string, string>;
  createdAt: number;
  /** When a newer key replaced it; it still verifies until `retiredAt + grace`. */
  retiredAt?: number;
}

/** The node's signing keys (async, like the other store ports). */
export interface KeysStore {
  /** The newest key that has not been retired. */
  getActive(): Promise<Key | undefined>;
  /** Adds a key and, in the same transaction, retires every key that was active (rotation). */
  add(key: Key): Promise<void>;
  /** Every key, newest first. */
  list(): Promise<Key[]>;
}

interface Row {
  kid: string;
  private_jwk: string;
  created_at: number;
  retired_at: number | null;
}

// The table is created here rather than in migrations.ts: the keys are this module's alone, and
// `IF NOT EXISTS` makes opening an older database harmless.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS keys (
    kid         TEXT PRIMARY KEY,
    private_jwk TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    retired_at  INTEGER
  );
`;

function toKey(r: Row): Key {
  const key: Key = { kid: r.kid, privateJwk: JSON.parse(r.private_jwk) as Record<string, string>, createdAt: r.created_at };
  if (r.retired_at !== null) key.retiredAt = r.retired_at;
  return key;
}

/** The keys table of the node's SQLite database. */
export class SqliteKeysStore implements KeysStore {
  private readonly activeStmt;
  private readonly listStmt;
  private readonly insert: (key: Key) => void;

  constructor(db: Db) {
    db.exec(SCHEMA);
    this.activeStmt = db.prepare("SELECT * FROM keys WHERE retired_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1");
    this.listStmt = db.prepare("SELECT * FROM keys ORDER BY created_at DESC, rowid DESC");
    const retire = db.prepare("UPDATE keys SET retired_at = ? WHERE retired_at IS NULL");
    const add = db.prepare("INSERT INTO keys (kid, private_jwk, created_at, retired_at) VALUES (?, ?, ?, ?)");
    this.insert = db.transaction((key: Key) => {
      retire.run(key.createdAt);
      add.run(key.kid, JSON.stringify(key.privateJwk), key.createdAt, key.retiredAt ?? null);
    });
  }

  async getActive(): Promise<Key | undefined> {
    const row = this.activeStmt.get() as Row | undefined;
    return row ? toKey(row) : undefined;
  }

  async add(key: Key): Promise<void> {
    this.insert(key);
  }

  async list(): Promise<Key[]> {
    return (this.listStmt.all() as Row[]).map(toKey);
  }
}

import type { KeysPort, StoredKey } from "./ports";

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

/** The node's signing keys, as the node's identity uses them. */
export interface KeysStore {
  /** The newest key that has not been retired. */
  getActive(): Promise<Key | undefined>;
  /** Adds a key and, in the same transaction, retires every key that was active (rotation). */
  add(key: Key): Promise<void>;
  /** Every key, newest first. */
  list(): Promise<Key[]>;
}

/** The purpose under which the node's signing keys are kept in the keys port. */
export const NODE_SIGNING_KEY = "node-signing";

function toKey(k: StoredKey): Key {
  const key: Key = { kid: k.id, privateJwk: JSON.parse(k.material) as Record<string, string>, createdAt: k.createdAt };
  if (k.retiredAt !== undefined) key.retiredAt = k.retiredAt;
  return key;
}

/**
 * The node's signing keys over the keys port of whichever store the node runs on (SQLite,
 * PostgreSQL, memory): replicas on one database share one identity.
 */
export class NodeKeysStore implements KeysStore {
  constructor(private readonly port: KeysPort) {}

  async getActive(): Promise<Key | undefined> {
    const current = await this.port.current(NODE_SIGNING_KEY);
    return current ? toKey(current) : undefined;
  }

  async add(key: Key): Promise<void> {
    const stored: StoredKey = { id: key.kid, purpose: NODE_SIGNING_KEY, material: JSON.stringify(key.privateJwk), createdAt: key.createdAt };
    // the first key: a replica that made one at the same moment wins, and both then use it
    if ((await this.port.current(NODE_SIGNING_KEY)) === undefined) await this.port.ensureCurrent(stored);
    else await this.port.rotate(stored, key.createdAt);
  }

  async list(): Promise<Key[]> {
    return (await this.port.list(NODE_SIGNING_KEY)).map(toKey);
  }
}

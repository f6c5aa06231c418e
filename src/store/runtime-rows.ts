import type { StoredKey } from "./ports";

/* Rows of the keys and sessions tables, the same on SQLite and PostgreSQL. */

export interface KeyRow {
  id: string;
  purpose: string;
  material: string;
  created_at: number;
  retired_at: number | null;
}

/** A stored key from its row (both adapters). */
export const fromKeyRow = (r: KeyRow): StoredKey =>
  r.retired_at === null
    ? { id: r.id, purpose: r.purpose, material: r.material, createdAt: r.created_at }
    : { id: r.id, purpose: r.purpose, material: r.material, createdAt: r.created_at, retiredAt: r.retired_at };

export interface SessionRow {
  id: string;
  owner: string;
  data: string;
  expires_at: number;
}

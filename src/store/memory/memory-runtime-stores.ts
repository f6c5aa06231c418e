import type { CountersPort, KeysPort, PeerSyncPort, SessionRecord, SessionsPort, StoredKey } from "../ports";

/* In-memory fakes of the keys, sessions and counters stores (one process only). */

export class MemoryKeysStore implements KeysPort {
  private readonly keys: StoredKey[] = [];

  async ensureCurrent(key: StoredKey): Promise<StoredKey> {
    const current = await this.current(key.purpose);
    if (current) return current;
    this.keys.push({ ...key });
    return { ...key };
  }

  async current(purpose: string): Promise<StoredKey | undefined> {
    const key = this.keys.findLast((k) => k.purpose === purpose && k.retiredAt === undefined);
    return key ? { ...key } : undefined;
  }

  async list(purpose: string): Promise<StoredKey[]> {
    return this.keys
      .filter((k) => k.purpose === purpose)
      .map((k) => ({ ...k }))
      .reverse();
  }

  async rotate(next: StoredKey, now = Date.now()): Promise<void> {
    if (this.keys.some((k) => k.id === next.id)) throw new Error(`key ${next.id} already exists`);
    for (const k of this.keys) if (k.purpose === next.purpose && k.retiredAt === undefined) k.retiredAt = now;
    this.keys.push({ ...next });
  }
}

export class MemorySessionsStore implements SessionsPort {
  private readonly sessions = new Map<string, SessionRecord>();

  async put(session: SessionRecord): Promise<void> {
    this.sessions.set(session.id, { ...session });
  }

  async get(id: string, now = Date.now()): Promise<SessionRecord | undefined> {
    const s = this.sessions.get(id);
    return s && s.expiresAt > now ? { ...s } : undefined;
  }

  async touch(id: string, expiresAt: number, now = Date.now()): Promise<boolean> {
    const s = this.sessions.get(id);
    if (!s || s.expiresAt <= now) return false;
    s.expiresAt = expiresAt;
    return true;
  }

  async delete(id: string): Promise<boolean> {
    return this.sessions.delete(id);
  }

  async purgeExpired(now = Date.now()): Promise<number> {
    let n = 0;
    for (const [id, s] of this.sessions) {
      if (s.expiresAt <= now) {
        this.sessions.delete(id);
        n++;
      }
    }
    return n;
  }
}

export class MemoryCountersStore implements CountersPort {
  private readonly windows = new Map<string, { start: number; end: number; count: number }>();

  async hit(key: string, windowMs: number, now = Date.now()): Promise<{ count: number; resetAt: number }> {
    const start = Math.floor(now / windowMs) * windowMs;
    const id = `${key}\u0000${start}`;
    const w = this.windows.get(id) ?? { start, end: start + windowMs, count: 0 };
    w.count++;
    this.windows.set(id, w);
    return { count: w.count, resetAt: w.end };
  }

  async purge(before: number): Promise<number> {
    let n = 0;
    for (const [id, w] of this.windows) {
      if (w.end <= before) {
        this.windows.delete(id);
        n++;
      }
    }
    return n;
  }
}

/** Peers' stored syncs in memory. */
export class MemoryPeerSyncStore implements PeerSyncPort {
  private readonly rows = new Map<string, string>();

  async all(): Promise<string[]> {
    return [...this.rows.keys()].sort().map((url) => this.rows.get(url) as string);
  }

  async save(url: string, snapshot: string): Promise<void> {
    this.rows.set(url, snapshot);
  }

  async remove(url: string): Promise<void> {
    this.rows.delete(url);
  }
}

import { UnavailableError } from "../errors";

/** Anything an MCP session can be closed through. */
export interface Closable {
  close(): Promise<void>;
}

interface Entry<S extends Closable> {
  session: S;
  owner: string;
  lastSeen: number;
  /** Open GET event streams: a client listening for notifications is not idle. */
  streams: number;
  /** POSTs being answered: never evicted in the middle of one. */
  inFlight: number;
}

export interface SessionRegistryOptions {
  /** Sessions kept in all. */
  maxSessions: number;
  /** Sessions one token may keep; past it, that token's own least used session goes first. */
  maxPerToken: number;
  /** A session neither used nor listening for this long is closed. */
  idleTimeoutMs: number;
}

/**
 * The MCP sessions of one endpoint family, each owned by the token that opened it. Caps are per
 * token first: a token at its cap (or the node at its global cap) loses its own least recently
 * used idle session, so one token can never fill the node and lock the others out.
 */
export class SessionRegistry<S extends Closable> {
  private readonly entries = new Map<string, Entry<S>>();
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(private readonly options: SessionRegistryOptions) {
    this.sweepTimer = setInterval(() => this.sweep(), Math.min(60_000, Math.max(1000, options.idleTimeoutMs / 2)));
    this.sweepTimer.unref();
  }

  get size(): number {
    return this.entries.size;
  }

  /** The session `id` when `owner` opened it; another token's session is as unknown as a closed one. */
  get(id: string, owner: string): S | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.owner !== owner) return undefined;
    entry.lastSeen = Date.now();
    return entry.session;
  }

  /**
   * Makes room for a new session of `owner` (call before creating it): evicts that token's
   * least used idle session when it is at its cap or the node is full. Throws 503 when no
   * room can be made without cutting off a request in progress.
   */
  async admit(owner: string): Promise<void> {
    const mine = [...this.entries].filter(([, e]) => e.owner === owner);
    if (mine.length < this.options.maxPerToken && this.entries.size < this.options.maxSessions) return;
    const victim = mine
      .filter(([, e]) => e.inFlight === 0)
      .sort(([, a], [, b]) => a.streams - b.streams || a.lastSeen - b.lastSeen)[0];
    if (!victim) {
      throw new UnavailableError(mine.length > 0 ? "too many MCP sessions for this token" : "too many MCP sessions", 30);
    }
    await this.close(victim[0]);
  }

  /** Sessions whose id starts with `prefix` (e.g. one server's pass-through sessions). */
  countWithPrefix(prefix: string): number {
    let n = 0;
    for (const id of this.entries.keys()) if (id.startsWith(prefix)) n++;
    return n;
  }

  /** Registers a session; a registry shared between replicas resolves once the others can find it. */
  add(id: string, owner: string, session: S): void | Promise<void> {
    this.entries.set(id, { session, owner, lastSeen: Date.now(), streams: 0, inFlight: 0 });
  }

  /** Forgets a session without closing it (it closed itself). */
  delete(id: string): void {
    this.entries.delete(id);
  }

  /** Closes and forgets a session. */
  async close(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    await entry.session.close().catch(() => undefined);
  }

  /** Counts a request on the session until `done` fires (a GET counts as an open stream). */
  track(id: string, kind: "stream" | "request", done: (listener: () => void) => void): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const key = kind === "stream" ? "streams" : "inFlight";
    entry[key]++;
    done(() => {
      entry[key] = Math.max(0, entry[key] - 1);
      entry.lastSeen = Date.now();
    });
  }

  /** Closes sessions idle past the timeout; one with an open GET stream is alive. */
  sweep(now = Date.now()): void {
    const cutoff = now - this.options.idleTimeoutMs;
    for (const [id, e] of this.entries) {
      if (e.streams === 0 && e.inFlight === 0 && e.lastSeen < cutoff) void this.close(id);
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweepTimer);
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }
}

import { UnavailableError } from "../errors";
import type { UpstreamConnection } from "./upstream-connection";

/** Upstream connections held for caller sessions at once, per server, at most. */
const MAX_SESSIONS = 256;
/** A session connection unused this long is closed (its caller may never say it ended). */
const IDLE_MS = 30 * 60_000;

interface Held {
  opening: Promise<UpstreamConnection>;
  lastUsed: number;
  inFlight: number;
}

/**
 * The per-caller-session upstream connections of a server with `isolation: "session"`: each
 * session id gets its own connection (its own stdio child or its own HTTP session), opened on
 * first use and closed by `close(id)`, so stateful servers never share one history between
 * callers. A session idle for `idleMs` is closed, and when `max` are held the least recently
 * used idle one makes room, so callers that never say goodbye cannot exhaust the server.
 */
export class SessionConnections {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly create: (onClose: () => void) => UpstreamConnection,
    private readonly options: { max?: number; idleMs?: number; now?: () => number } = {},
  ) {}

  get size(): number {
    return this.held.size;
  }

  /** Runs `fn` on the session's connection, opened now if it has none. */
  async use<T>(session: string, fn: (conn: UpstreamConnection) => Promise<T>): Promise<T> {
    const held = this.acquire(session);
    held.inFlight++;
    try {
      return await fn(await held.opening);
    } finally {
      held.inFlight--;
      held.lastUsed = this.now();
    }
  }

  async close(session: string): Promise<void> {
    const held = this.held.get(session);
    if (!held) return;
    this.held.delete(session);
    const conn = await held.opening.catch(() => undefined);
    await conn?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.held.keys()].map((s) => this.close(s)));
  }

  private acquire(session: string): Held {
    this.sweep();
    const existing = this.held.get(session);
    if (existing) return existing;
    if (this.held.size >= (this.options.max ?? MAX_SESSIONS) && !this.evictOne()) {
      throw new UnavailableError(`${this.held.size} caller sessions already hold their own connection to this server`, 5);
    }
    let conn: UpstreamConnection | undefined;
    const held: Held = { opening: Promise.resolve() as never, lastUsed: this.now(), inFlight: 0 };
    held.opening = (async () => {
      conn = this.create(() => {
        if (this.held.get(session) === held) this.held.delete(session);
      });
      await conn.open();
      return conn;
    })();
    held.opening.catch(() => {
      if (this.held.get(session) === held) this.held.delete(session);
      void conn?.close();
    });
    this.held.set(session, held);
    return held;
  }

  private sweep(): void {
    const limit = this.now() - (this.options.idleMs ?? IDLE_MS);
    for (const [session, held] of this.held) if (held.inFlight === 0 && held.lastUsed < limit) void this.close(session);
  }

  private evictOne(): boolean {
    let oldest: [string, Held] | undefined;
    for (const entry of this.held) if (entry[1].inFlight === 0 && (!oldest || entry[1].lastUsed < oldest[1].lastUsed)) oldest = entry;
    if (oldest) void this.close(oldest[0]);
    return oldest !== undefined;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

import { UnavailableError } from "../errors";
import type { UpstreamConnection } from "./upstream-connection";

/** Upstream connections held for caller sessions at once, per server, at most. */
const MAX_SESSIONS = 256;

/**
 * The per-caller-session upstream connections of a server with `isolation: "session"`: each
 * session id gets its own connection (its own stdio child or its own HTTP session), opened on
 * first use and closed by `close(id)`, so stateful servers never share one history between
 * callers.
 */
export class SessionConnections {
  private readonly open = new Map<string, Promise<UpstreamConnection>>();

  constructor(
    private readonly create: (onClose: () => void) => UpstreamConnection,
    private readonly max = MAX_SESSIONS,
  ) {}

  get size(): number {
    return this.open.size;
  }

  /** The session's connection, opened now if it has none. */
  get(session: string): Promise<UpstreamConnection> {
    const existing = this.open.get(session);
    if (existing) return existing;
    if (this.open.size >= this.max) {
      return Promise.reject(new UnavailableError(`${this.max} caller sessions already hold their own connection to this server`, 5));
    }
    let conn: UpstreamConnection | undefined;
    const opening = (async () => {
      conn = this.create(() => {
        if (this.open.get(session) === opening) this.open.delete(session);
      });
      await conn.open();
      return conn;
    })();
    this.open.set(session, opening);
    opening.catch(() => {
      if (this.open.get(session) === opening) this.open.delete(session);
      void conn?.close();
    });
    return opening;
  }

  async close(session: string): Promise<void> {
    const opening = this.open.get(session);
    if (!opening) return;
    this.open.delete(session);
    const conn = await opening.catch(() => undefined);
    await conn?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((s) => this.close(s)));
  }
}

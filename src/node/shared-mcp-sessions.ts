import type { Logger } from "pino";
import { SessionRegistry, type Closable, type SessionRegistryOptions } from "../mcp/session-registry";
import type { SessionsPort } from "../store/ports";

/** Touch a shared session at most this often (a write per request would be wasteful). */
const TOUCH_EVERY_MS = 30_000;

/**
 * The MCP sessions of every replica, kept in the sessions store, so that a session opened on one
 * replica is known to the others: they serve its requests (statelessly, with the same session id
 * and owner check), adopt its event stream and end it on DELETE.
 * Store failures are logged and treated as "unknown session" — never a 500.
 */
export class SharedMcpSessions {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: Pick<SessionsPort, "put" | "get" | "touch" | "delete" | "purgeExpired">,
    private readonly idleTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /**
   * A session opened on this replica; resolves once the other replicas can find it (the
   * initialize answer waits for it: the client's next request may reach another replica). A
   * store failure is logged and resolves too: the session still works on this replica.
   */
  async opened(id: string, owner: string, now = Date.now()): Promise<void> {
    this.touched.set(id, now);
    await this.store.put({ id, owner, data: "{}", expiresAt: now + this.idleTimeoutMs }).catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, "shared MCP session not stored"));
  }

  /** A request of a session (local or remote): extends its life now and then. */
  seen(id: string, now = Date.now()): void {
    if (now - (this.touched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.touched.set(id, now);
    this.quietly(this.store.touch(id, now + this.idleTimeoutMs, now));
  }

  /** A client ended a session (DELETE) on this replica: gone for every replica once this resolves. */
  async end(id: string): Promise<void> {
    this.touched.delete(id);
    await this.store.delete(id);
  }

  closed(id: string): void {
    this.touched.delete(id);
    this.quietly(this.store.delete(id));
  }

  /** Is `id` a live session of `owner` opened on any replica? */
  async isLive(id: string, owner: string): Promise<boolean> {
    try {
      const session = await this.store.get(id);
      return session !== undefined && session.owner === owner;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, "shared MCP session lookup failed");
      return false;
    }
  }

  /** Forgets expired sessions (called by the idle sweep). */
  sweep(): void {
    for (const [id, at] of this.touched) if (at < Date.now() - this.idleTimeoutMs) this.touched.delete(id);
    this.quietly(this.store.purgeExpired());
  }

  private quietly(p: Promise<unknown>): void {
    p.catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, "shared MCP session not updated"));
  }
}

/**
 * The aggregate endpoints' session registry, telling the shared store about every session this
 * replica opens, uses and closes, so that other replicas can serve its requests.
 */
export class SharedSessionRegistry<S extends Closable> extends SessionRegistry<S> {
  constructor(
    options: SessionRegistryOptions,
    private readonly shared: SharedMcpSessions,
  ) {
    super(options);
  }

  /** Resolves once the session is in the shared store. */
  override add(id: string, owner: string, session: S): Promise<void> {
    super.add(id, owner, session);
    return this.shared.opened(id, owner);
  }

  override get(id: string, owner: string): S | undefined {
    const session = super.get(id, owner);
    if (session) this.shared.seen(id);
    return session;
  }

  /** This replica is stopping: its sessions stay with the other replicas. */
  private leaving = false;

  override delete(id: string): void {
    super.delete(id);
    if (!this.leaving) this.shared.closed(id);
  }

  override async close(id: string): Promise<void> {
    await super.close(id);
    if (!this.leaving) this.shared.closed(id);
  }

  /**
   * At shutdown the sessions end here but not for their clients: the other replicas keep serving
   * them (a session nobody uses expires after the idle timeout).
   */
  override async closeAll(): Promise<void> {
    this.leaving = true;
    await super.closeAll();
  }

  override sweep(now = Date.now()): void {
    super.sweep(now);
    this.shared.sweep();
  }
}

import { randomUUID } from "node:crypto";
import pg, { type Pool, type PoolClient } from "pg";
import { z } from "zod";
import type { ChangeFeed, StoreChange } from "../ports";
import type { ResolvedPostgresOptions } from "./pg-pool";

/** The LISTEN/NOTIFY channel every replica of a node listens on. */
export const CHANGES_CHANNEL = "mcpfed_changes";

const NotificationSchema = z.object({
  origin: z.string().max(64),
  change: z.discriminatedUnion("topic", [
    z.object({ topic: z.literal("catalog"), server: z.string().max(256) }),
    z.object({ topic: z.literal("submissions"), name: z.string().max(256) }),
    z.object({ topic: z.literal("peers") }),
    z.object({ topic: z.literal("peer-sync") }),
    z.object({ topic: z.literal("mcp-session"), id: z.string().max(512) }),
    z.object({ topic: z.literal("cache"), tags: z.array(z.string().max(64)).max(100) }),
  ]),
});

/** Announces a change in the caller's transaction (or on its own when `db` is the pool): delivered on commit. */
export async function notifyChange(db: Pool | PoolClient, origin: string, change: Exclude<StoreChange, { topic: "resync" }>): Promise<void> {
  await db.query("SELECT pg_notify($1, $2)", [CHANGES_CHANNEL, JSON.stringify({ origin, change })]);
}

/**
 * One dedicated connection LISTENing for other replicas' changes. When that connection is lost
 * it reconnects with backoff (1 s doubling to 10 s) and then emits `resync`, since notifications
 * sent while it was away are gone.
 */
export class PgChangeFeed implements ChangeFeed {
  /** This replica's id: its own notifications are not delivered back to it. */
  readonly origin = randomUUID();
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private client: pg.Client | undefined;
  private closed = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: ResolvedPostgresOptions,
    private readonly onError: (err: Error) => void,
    /** Where announce() notifies from (absent: announcements are not sent). */
    private readonly pool?: Pool,
  ) {}

  async announce(change: Extract<StoreChange, { topic: "cache" }>): Promise<void> {
    if (this.pool) await notifyChange(this.pool, this.origin, change);
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects and LISTENs; rejects if the first connection fails (start-up should fail then). */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: this.options.connectionTimeoutMs,
      query_timeout: this.options.queryTimeoutMs,
      application_name: `${this.options.applicationName}-listen`,
      keepAlive: true,
    });
    client.on("notification", (msg) => this.deliver(msg.channel, msg.payload));
    client.on("error", (err) => {
      this.onError(err);
      this.lost(client);
    });
    client.on("end", () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    this.client = client;
    this.attempt = 0;
  }

  private deliver(channel: string, payload: string | undefined): void {
    if (channel !== CHANGES_CHANNEL || !payload || payload.length > 8000) return;
    let parsed;
    try {
      parsed = NotificationSchema.safeParse(JSON.parse(payload));
    } catch {
      return;
    }
    if (!parsed.success || parsed.data.origin === this.origin) return;
    this.emit(parsed.data.change);
  }

  private emit(change: StoreChange): void {
    for (const l of this.listeners) l(change);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    client.removeAllListeners("end");
    void client.end().catch(() => undefined);
    this.reconnectLater();
  }

  private reconnectLater(): void {
    const delay = Math.min(10_000, 1_000 * 2 ** this.attempt++);
    this.timer = setTimeout(() => {
      if (this.closed) return;
      this.connect().then(
        () => this.emit({ topic: "resync" }),
        (err: unknown) => {
          this.onError(err instanceof Error ? err : new Error(String(err)));
          this.reconnectLater();
        },
      );
    }, delay);
    this.timer.unref();
  }
}

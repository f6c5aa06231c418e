import pg from "pg";
import type { LeadershipPort } from "../ports";
import type { ResolvedPostgresOptions } from "./pg-pool";

/** Keyspace of leadership locks (first half of the two-int advisory key). */
const LEADERSHIP_SPACE = 0x6d6c;

/**
 * Leadership by session advisory locks on one dedicated connection. A role is held while that
 * connection lives; if it breaks (the server restarted, the network dropped), every role is lost
 * and is taken again, by this replica or another, on the next `tryLead`.
 */
export class PgLeadership implements LeadershipPort {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly held = new Set<string>();

  constructor(
    private readonly options: ResolvedPostgresOptions,
    private readonly onError: (err: Error) => void,
  ) {}

  async tryLead(role: string): Promise<boolean> {
    try {
      const client = await this.connection();
      if (this.held.has(role)) {
        await client.query("SELECT 1"); // still connected means still holding it
        return true;
      }
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok", [LEADERSHIP_SPACE, role]);
      if (rows[0].ok) this.held.add(role);
      return rows[0].ok;
    } catch (err) {
      this.onError(err instanceof Error ? err : new Error(String(err)));
      this.drop();
      return false;
    }
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held.clear();
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({
        connectionString: this.options.url,
        connectionTimeoutMillis: this.options.connectionTimeoutMs,
        query_timeout: this.options.queryTimeoutMs,
        application_name: `${this.options.applicationName}-leader`,
        keepAlive: true,
      });
      client.on("error", (err) => {
        this.onError(err);
        if (this.client === client) this.drop();
      });
      try {
        await client.connect();
      } catch (err) {
        await client.end().catch(() => undefined);
        throw err;
      }
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private drop(): void {
    const client = this.client;
    this.client = undefined;
    this.held.clear();
    void client?.end().catch(() => undefined);
  }
}

import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";

const CALL_TIMEOUT_MS = 10_000;

/**
 * The hosted servers' notifications on the aggregated `/mcp`: resource and prompt list_changed go
 * to every session; `notifications/resources/updated` to the sessions subscribed to that URI.
 * One upstream connection serves many sessions, so the node subscribes upstream on a URI's first
 * subscriber and unsubscribes on its last (a session that closes leaves all its subscriptions).
 */
export class HostedNotifications {
  private readonly sessions = new Set<Server>();
  private readonly subscribers = new Map<string, Set<Server>>();
  private readonly watched = new WeakSet<Client>();

  /** Listens to a hosted server's client (once per client: a reconnected server has a new one). */
  watch(client: Client): void {
    if (this.watched.has(client)) return;
    this.watched.add(client);
    client.setNotificationHandler(ResourceListChangedNotificationSchema, async () => this.each(this.sessions, (s) => s.sendResourceListChanged()));
    client.setNotificationHandler(PromptListChangedNotificationSchema, async () => this.each(this.sessions, (s) => s.sendPromptListChanged()));
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) =>
      this.each(this.subscribers.get(n.params.uri) ?? new Set(), (s) => s.sendResourceUpdated({ uri: n.params.uri })),
    );
  }

  /** A session that hears list_changed from now on. */
  join(session: Server): void {
    this.sessions.add(session);
  }

  /** A session closed: forget it and drop its subscriptions. */
  async leave(session: Server, clientOf: (uri: string) => Client | undefined): Promise<void> {
    this.sessions.delete(session);
    for (const [uri, subs] of [...this.subscribers]) {
      if (subs.has(session)) await this.unsubscribe(session, uri, clientOf(uri)).catch(() => undefined);
    }
  }

  async subscribe(session: Server, uri: string, owner: Client): Promise<void> {
    this.watch(owner);
    const subs = this.subscribers.get(uri);
    if (subs) {
      subs.add(session);
      return;
    }
    await owner.subscribeResource({ uri }, { timeout: CALL_TIMEOUT_MS });
    // a concurrent subscribe may have created the set meanwhile
    const now = this.subscribers.get(uri) ?? new Set<Server>();
    now.add(session);
    this.subscribers.set(uri, now);
  }

  async unsubscribe(session: Server, uri: string, owner: Client | undefined): Promise<void> {
    const subs = this.subscribers.get(uri);
    if (!subs?.delete(session) || subs.size > 0) return;
    this.subscribers.delete(uri);
    await owner?.unsubscribeResource({ uri }, { timeout: CALL_TIMEOUT_MS });
  }

  private each(targets: Iterable<Server>, send: (s: Server) => Promise<void>): void {
    for (const s of [...targets]) send(s).catch(() => undefined);
  }
}

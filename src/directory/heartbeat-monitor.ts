import type { Logger } from "pino";
import type { HeartbeatsPort } from "../store/ports";
import { redactText } from "../node/redact";

/** An error as logged: its message with every URL's credentials removed (a member's URL may carry one). */
const logged = (err: unknown) => redactText(err instanceof Error ? err.message : String(err));

/** A member is stale after this many missed intervals. */
export const MISSED_BEATS = 3;

export interface HeartbeatMonitorOptions {
  store: HeartbeatsPort;
  /** `governance.heartbeatInterval`: how often a member is expected to beat. */
  intervalMs: number;
  /** A member just went stale: take its tools out of /discover and /mcp. */
  withdraw: (name: string) => Promise<void>;
  /** A stale member beat again: publish its tools again. */
  restore: (name: string) => Promise<void>;
  logger: Logger;
  audit?: (event: { action: string; actor: string; target: string; outcome: string; detail?: string }) => void;
  now?: () => number;
}

/**
 * Heartbeats of registered members. Only members that have beaten at least once are watched:
 * registrations that never beat (older partners, catalog-only entries) keep today's behaviour.
 * Beats live in the shared store, so every replica polls them and reaches the same verdict; the
 * stale set here is each replica's view of that verdict, read synchronously by publication.
 */
export class HeartbeatMonitor {
  private readonly beats = new Map<string, number>();
  private readonly stale = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private options: HeartbeatMonitorOptions) {
    this.now = options.now ?? Date.now;
  }

  get intervalMs(): number {
    return this.options.intervalMs;
  }

  get staleAfterMs(): number {
    return this.options.intervalMs * MISSED_BEATS;
  }

  /** Polls the shared beats twice per interval (at least every 10 s), starting now. */
  async start(): Promise<void> {
    await this.tick();
    this.schedule();
  }

  /**
   * A new `governance.heartbeatInterval` (/admin/reload): members are judged by it from the next
   * poll, and polls follow its pace.
   */
  setIntervalMs(intervalMs: number): void {
    if (intervalMs === this.options.intervalMs) return;
    this.options = { ...this.options, intervalMs };
    if (this.timer) this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    const every = Math.min(10_000, Math.max(50, Math.floor(this.options.intervalMs / 2)));
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Records a beat of `name` (its owner already checked); a stale member is restored at once. */
  async beat(name: string): Promise<{ lastBeat: number }> {
    const at = this.now();
    await this.options.store.beat(name, at);
    this.beats.set(name, Math.max(this.beats.get(name) ?? at, at));
    if (this.stale.delete(name)) await this.comeBack(name);
    return { lastBeat: at };
  }

  /** Is `name` watched and past three missed intervals (as of the last poll or beat here)? */
  isStale(name: string): boolean {
    return this.stale.has(name);
  }

  /** The last beat seen of `name`, if it ever beat. */
  lastBeat(name: string): number | undefined {
    return this.beats.get(name);
  }

  /** Every watched member that is stale now, by name. */
  staleMembers(): string[] {
    return [...this.stale].sort();
  }

  /** The member was unregistered: it is no longer watched. */
  async forget(name: string): Promise<void> {
    this.beats.delete(name);
    this.stale.delete(name);
    await this.options.store.remove(name);
  }

  /** One poll of the shared beats (one at a time). */
  tick(): Promise<void> {
    this.ticking ??= this.poll().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async poll(): Promise<void> {
    let rows;
    try {
      rows = await this.options.store.all();
    } catch (err) {
      this.options.logger.warn({ err: logged(err) }, "heartbeats not read; member staleness unchanged");
      return;
    }
    const now = this.now();
    const seen = new Set<string>();
    for (const { name, lastBeat } of rows) {
      seen.add(name);
      // a beat taken here while the rows were read is newer than what they say
      const last = Math.max(lastBeat, this.beats.get(name) ?? 0);
      this.beats.set(name, last);
      const late = now - last > this.staleAfterMs && !(await this.beatSince(name, now));
      if (late && !this.stale.has(name)) {
        this.stale.add(name);
        this.options.logger.warn({ server: name, lastBeat: new Date(last).toISOString() }, "member missed three heartbeats; dropped from /discover and /mcp");
        this.options.audit?.({ action: "heartbeat", actor: "node", target: name, outcome: "stale", detail: `no heartbeat since ${new Date(last).toISOString()}` });
        await this.options.withdraw(name).catch((err: unknown) => this.options.logger.error({ err: logged(err), server: name }, "stale member not withdrawn"));
      } else if (!late && this.stale.delete(name)) {
        await this.comeBack(name);
      }
    }
    // rows removed by another replica (an unregistration): no longer watched here either
    for (const name of [...this.beats.keys()]) {
      if (seen.has(name)) continue;
      this.beats.delete(name);
      this.stale.delete(name);
    }
  }

  /** Did a beat land (on any replica) after the rows were read? Then withdrawing would undo its restore. */
  private async beatSince(name: string, now: number): Promise<boolean> {
    if (this.stale.has(name)) return false;
    const fresh = await this.options.store.get(name).catch(() => undefined);
    return fresh !== undefined && now - fresh.lastBeat <= this.staleAfterMs;
  }

  private async comeBack(name: string): Promise<void> {
    this.options.logger.info({ server: name }, "member beat again; published again");
    this.options.audit?.({ action: "heartbeat", actor: "node", target: name, outcome: "active" });
    await this.options.restore(name).catch((err: unknown) => this.options.logger.error({ err: logged(err), server: name }, "member not published again"));
  }
}

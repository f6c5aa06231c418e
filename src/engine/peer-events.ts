import { readSseEvents } from "../util/sse-reader";
import { verifyEvent, type FederationEventClaims } from "../trust/federation-events";
import type { PeerClient } from "./peer-client";

/** Keep-alives come every 10 s: a stream silent for longer is dead. */
const IDLE_MS = 30_000;
/** Bytes one connection may carry before it is reopened (events are small; this bounds a hostile peer). */
const MAX_STREAM_BYTES = 4 * 1024 * 1024;

export interface PeerEventsOptions {
  client: Pick<PeerClient, "openStream">;
  /** The key the peer's catalog verified with (events signed by anything else are ignored). */
  trustedKey: () => string | undefined;
  onEvent: (claims: FederationEventClaims) => void;
  /** First wait before reconnecting (doubles up to 30 s); a peer without the route is retried every 10 min. */
  retryMs?: number;
}

/**
 * One peer's `/federation/events` stream, kept open: reconnects with backoff and resumes after
 * the last event seen (`Last-Event-ID`); every event must be signed by the peer's trusted key.
 * The periodic sync stays the fallback: a lost event only delays what the next sync brings.
 */
export class PeerEvents {
  private readonly controller = new AbortController();
  private lastId = 0;
  private epoch: string | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: PeerEventsOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    const signal = this.controller.signal;
    let wait = this.options.retryMs ?? 1000;
    while (!signal.aborted) {
      let pause = wait;
      try {
        const res = await this.options.client.openStream("/federation/events", this.lastId ? { "last-event-id": String(this.lastId) } : {}, IDLE_MS, signal);
        if (res.status !== 200) {
          // an unread body is dropped; its abort is no error of ours
          res.body.on("error", () => undefined);
          res.body.destroy();
          if (res.status === 404 || res.status === 405) pause = 10 * 60_000;
        } else {
          res.body.on("error", () => undefined);
          wait = this.options.retryMs ?? 1000;
          for await (const e of readSseEvents(res.body, MAX_STREAM_BYTES)) {
            const claims = await verifyEvent(e.data, this.options.trustedKey());
            if (!claims) continue;
            if (claims.epoch !== this.epoch) {
              this.epoch = claims.epoch;
              this.lastId = 0;
            }
            if (claims.id <= this.lastId) continue;
            this.lastId = claims.id;
            this.options.onEvent(claims);
          }
          pause = 0;
        }
      } catch {
        // the stream broke or could not open: back off
      }
      if (signal.aborted) break;
      if (pause > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pause);
          timer.unref();
          signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
        });
        wait = Math.min(wait * 2, 30_000);
      }
    }
  }
}

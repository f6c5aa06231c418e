import type { ServerResponse } from "node:http";

/** A comment line every so often keeps proxies from closing an idle stream (and the session alive). */
const KEEP_ALIVE_MS = 15_000;

interface Stream {
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

/**
 * Event streams (GET) of MCP sessions opened on another replica. This replica has the same
 * registry (replicas apply each other's changes), so it tells such a stream what it tells its
 * own sessions: `notifications/tools/list_changed`. Requests of the session (POSTs) are answered
 * on their own streams wherever they land; what a session's upstream state produces (a resource
 * subscription's updates, hosted servers' resource and prompt list_changed) reaches the stream
 * only on the replica that opened the session.
 */
export class AdoptedStreams {
  private readonly streams = new Map<string, Set<Stream>>();

  /** @param touch called while a stream is open, so the shared session does not idle out. */
  constructor(private readonly touch: (key: string) => void) {}

  get size(): number {
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  /** Serves `key`'s event stream on `res` until the client goes or the session ends. */
  open(key: string, sessionId: string, res: ServerResponse): void {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive", "mcp-session-id": sessionId });
    res.flushHeaders();
    const timer = setInterval(() => {
      res.write(": keep-alive\n\n");
      this.touch(key);
    }, KEEP_ALIVE_MS);
    timer.unref();
    const stream = { res, timer };
    const set = this.streams.get(key) ?? new Set<Stream>();
    set.add(stream);
    this.streams.set(key, set);
    res.once("close", () => this.drop(key, stream));
  }

  /** Sends a notification (`notifications/tools/list_changed`, …) to every adopted stream. */
  notify(method: string): void {
    const event = `event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", method })}\n\n`;
    for (const set of this.streams.values()) for (const s of set) s.res.write(event);
  }

  /** The session ended (here or on another replica): its streams end. */
  close(key: string): void {
    for (const s of [...(this.streams.get(key) ?? [])]) s.res.end();
  }

  closeAll(): void {
    for (const key of [...this.streams.keys()]) this.close(key);
  }

  private drop(key: string, stream: Stream): void {
    clearInterval(stream.timer);
    const set = this.streams.get(key);
    set?.delete(stream);
    if (set?.size === 0) this.streams.delete(key);
  }
}

/**
 * The direct-path calls (direct-calls.ts) running in each session, so that a client's
 * `notifications/cancelled` — which arrives in a POST of its own — can abort the call it names.
 * The SDK server never saw those calls, so it could not cancel them itself.
 */
export class InFlightCalls {
  private readonly calls = new Map<string, AbortController>();

  /** Registers a call; the returned function forgets it (call it when the call settles). */
  start(session: string, requestId: string | number, controller: AbortController): () => void {
    const key = keyOf(session, requestId);
    this.calls.set(key, controller);
    return () => {
      if (this.calls.get(key) === controller) this.calls.delete(key);
    };
  }

  /** Aborts the call a `notifications/cancelled` body names in this session, if it is one of ours. */
  cancel(session: string, body: unknown): void {
    if (body === null || typeof body !== "object" || Array.isArray(body)) return;
    const { method, params } = body as { method?: unknown; params?: { requestId?: unknown } };
    if (method !== "notifications/cancelled" || params === null || typeof params !== "object") return;
    const requestId = params.requestId;
    if (typeof requestId !== "string" && typeof requestId !== "number") return;
    this.calls.get(keyOf(session, requestId))?.abort();
  }
}

const keyOf = (session: string, requestId: string | number) => `${session}#${typeof requestId}:${requestId}`;

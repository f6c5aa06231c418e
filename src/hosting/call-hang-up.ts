/**
 * A caller that may hang up (an HTTP request to /execute), as cheap as nothing until it is used.
 * Node's AbortController costs ~5% of the node's CPU per /execute call (creating the signal,
 * adding and removing each listener), and nearly every caller waits for its answer. A HangUp
 * creates its AbortSignal only when a layer asks for one (the SDK client's paths, retries,
 * relays, peers); the lean stdio call listens with a plain callback instead.
 */
export class CallHangUp {
  private controller: AbortController | undefined;
  private hooks: (() => void)[] | undefined;
  private cause: Error | undefined;

  /** True once the caller hung up. */
  get aborted(): boolean {
    return this.cause !== undefined;
  }

  /** Why: the error an aborted AbortController gives (DOMException "AbortError"). */
  get reason(): Error | undefined {
    return this.cause;
  }

  /** An AbortSignal that aborts when the caller hangs up, created on first use (aborted already if it has). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.cause) this.controller.abort(this.cause);
    }
    return this.controller.signal;
  }

  /** Runs `hook` once when the caller hangs up (not at all if it already has); returns what removes it. */
  onHangUp(hook: () => void): () => void {
    if (this.cause) return noop;
    (this.hooks ??= []).push(hook);
    return () => {
      const i = this.hooks?.indexOf(hook) ?? -1;
      if (i !== -1) this.hooks?.splice(i, 1);
    };
  }

  /** The caller hung up: every hook runs, and the signal (if one was made) aborts. */
  hangUp(): void {
    if (this.cause) return;
    this.cause = new DOMException("This operation was aborted", "AbortError");
    const hooks = this.hooks ?? [];
    this.hooks = undefined;
    for (const hook of hooks) hook();
    this.controller?.abort(this.cause);
  }
}

function noop(): void {}

/** The caller's AbortSignal for a layer that needs a real one: the signal given, else the hang-up's (made now). */
export function abortSignalOf(options: { signal?: AbortSignal; hangUp?: CallHangUp }): AbortSignal | undefined {
  return options.signal ?? options.hangUp?.signal;
}

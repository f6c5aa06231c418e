/** Default time a lazy server may sit without calls before it is stopped. */
export const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000;

/**
 * Counts the calls running on a lazy server and, once none has run for `idleMs`, calls `sleep`
 * (which stops the server until the next call wakes it). A call that starts cancels the pending
 * stop; the last one to finish arms it again. Timers are unref'd: an idle server never keeps
 * the process alive.
 */
export class IdleStopper {
  private active = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly idleMs: number,
    private readonly sleep: () => void,
  ) {}

  /** A call starts: no stop while it runs. */
  enter(): void {
    this.active++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A call ended; the last one arms the stop. */
  leave(): void {
    this.active = Math.max(0, this.active - 1);
    if (this.active === 0) this.arm();
  }

  /** Arms the stop now (the server just started with no call waiting, or the last call ended). */
  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.active === 0) this.sleep();
    }, this.idleMs);
    this.timer.unref();
  }

  /** Drops a pending stop (the server is being stopped or replaced anyway). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

import { UnavailableError } from "../errors";

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe is let through (default 10 s). */
  openMs?: number;
  now?: () => number;
}

export type CircuitState = "closed" | "open" | "half-open";

/**
 * A circuit breaker: after `failureThreshold` consecutive failures calls are refused for
 * `openMs` (503 with Retry-After, no call made); then one probe is let through and its
 * outcome closes or re-opens the circuit.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private current: CircuitState = "closed";
  private probing = false;
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly now: () => number;

  constructor(
    private readonly name: string,
    options: CircuitBreakerOptions = {},
  ) {
    this.threshold = options.failureThreshold ?? 5;
    this.openMs = options.openMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.current === "open" && this.now() - this.openedAt >= this.openMs) return "half-open";
    return this.current;
  }

  /** Throws UnavailableError when the circuit refuses the call. */
  before(): void {
    const state = this.state;
    if (state === "closed") return;
    if (state === "half-open" && !this.probing) {
      this.probing = true;
      return;
    }
    const wait = state === "open" ? (this.openMs - (this.now() - this.openedAt)) / 1000 : 1;
    throw new UnavailableError(`circuit for ${this.name} is open after ${this.failures} consecutive failures`, wait);
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    this.current = "closed";
  }

  failure(): void {
    this.failures++;
    const wasProbe = this.probing;
    this.probing = false;
    if (wasProbe || this.failures >= this.threshold) {
      this.current = "open";
      this.openedAt = this.now();
    }
  }

  /** The call ended without saying anything about the upstream's health (a 4xx, say). */
  neutral(): void {
    this.probing = false;
  }

  /** Runs `fn` under the breaker; `isFailure` decides which errors count against the upstream. */
  async run<T>(fn: () => Promise<T>, isFailure: (err: unknown) => boolean): Promise<T> {
    this.before();
    try {
      const result = await fn();
      this.success();
      return result;
    } catch (err) {
      if (isFailure(err)) this.failure();
      else this.neutral();
      throw err;
    }
  }
}

import { UnavailableError } from "../errors";

/**
 * At most `max` operations at once; up to `queue` more wait their turn; beyond that a call is
 * refused at once with 503, so a slow upstream cannot pile up unbounded work on the node.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly name: string,
    private readonly max: number,
    private readonly queue: number,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) return this.runQueued(fn);
    // a free slot (the common case): not an async function, so the call's promise gets one
    // settle handler instead of an async frame's promise and its extra turns
    this.active++;
    let running: Promise<T>;
    try {
      running = fn();
    } catch (err) {
      this.release();
      return Promise.reject(err);
    }
    return running.then(
      (value) => {
        this.release();
        return value;
      },
      (err: unknown) => {
        this.release();
        throw err;
      },
    );
  }

  private async runQueued<T>(fn: () => Promise<T>): Promise<T> {
    if (this.waiting.length >= this.queue) {
      throw new UnavailableError(`${this.name} is at its limit of ${this.max} concurrent calls and ${this.queue} queued`, 1);
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes straight to the next caller
    else this.active--;
  }
}
